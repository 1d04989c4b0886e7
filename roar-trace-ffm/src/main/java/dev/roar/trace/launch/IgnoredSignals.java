package dev.roar.trace.launch;

import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals this process ignores, which a command started from it must go on ignoring: `nohup roar run
 * train.py` must leave train.py immune to the terminal's hang-up, as `nohup python train.py` would, and a
 * background job of a script keeps ignoring SIGINT. The JVM never sets a signal to ignored itself (it
 * handles them, and keeps SIGHUP, SIGINT and SIGTERM ignored when they were at start), so what is ignored
 * now is what roar was started with.
 */
final class IgnoredSignals {
    private static final PathBytes STATUS = PathBytes.of("/proc/self/status");
    private static final String FIELD = "\nSigIgn:";

    private IgnoredSignals() {
    }

    /** Signal numbers ignored by this process now; empty when /proc does not say. */
    static List<Integer> now() {
        byte[] status = new byte[8192];
        int length = ByteFiles.readSmall(STATUS, status);
        return length > 0 ? parse(new String(status, 0, length, StandardCharsets.US_ASCII)) : List.of();
    }

    /** The signals in a /proc/PID/status text's SigIgn mask (bit n-1 is signal n). */
    static List<Integer> parse(String status) {
        int at = status.indexOf(FIELD);
        if (at < 0) {
            return List.of();
        }
        int from = at + FIELD.length();
        int end = status.indexOf('\n', from);
        long mask;
        try {
            mask = Long.parseUnsignedLong(status.substring(from, end < 0 ? status.length() : end).strip(), 16);
        } catch (NumberFormatException e) {
            return List.of();
        }
        List<Integer> signals = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                signals.add(bit + 1);
            }
        }
        return signals;
    }
}
