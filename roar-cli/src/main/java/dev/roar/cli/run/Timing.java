package dev.roar.cli.run;

import dev.roar.core.json.Json;
import dev.roar.core.run.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * ROAR_TIMING=1: one machine-readable line of phase timings, for the overhead harness. startup is
 * from the roar process's start (bin/roar's, which execs the JVM or asks the daemon) to the trace's, to the kernel's 10 ms clock
 * ticks; trace is the traced command's wall time; post is filtering, hashing and recording.
 */
final class Timing {
    /** The unit of /proc/self/stat's start time: USER_HZ, 100 on every Linux architecture roar runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private Timing() {
    }

    /** {@code roarPid}: the roar process the user started (the client, when the daemon served it). */
    static String json(RunResult result, long roarPid) {
        Map<String, Object> timing = new LinkedHashMap<>();
        // ProcessHandle's start instant is derived from the boot time in whole seconds: it was up to a second off.
        long sinceTrace = Duration.between(result.trace().start(), Instant.now()).toMillis();
        processAgeMillis(roarPid).ifPresent(age -> timing.put("startup_ms", Math.max(0, age - sinceTrace)));
        timing.put("trace_ms", result.traceTime().toNanos() / 1e6);
        timing.put("post_ms", result.postTime().toNanos() / 1e6);
        timing.put("capture_ms", result.captureTime().toNanos() / 1e6);
        timing.put("events", result.trace().events());
        return Json.compact(timing);
    }

    /** How long the process has existed: the system's uptime minus the uptime at which it started. */
    static OptionalLong processAgeMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Field 22 is the start time; fields are counted after the command name, which may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedSeconds = Long.parseLong(fields[19]) / TICKS_PER_SECOND;
            double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return OptionalLong.of(Math.round((uptimeSeconds - startedSeconds) * 1000));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
