package dev.roar.trace.ebpf;

import dev.roar.trace.TracedProcess;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.roar.trace.event.TraceEvent.AT_FDCWD;

/**
 * Turns the probes' ring records (layout: roar_events.h in roar-trace-bpf-probes) into the same
 * {@link TraceEvent}s the ptrace backend produces, so one classifier answers for both.
 */
final class RecordDecoder implements Consumer<MemorySegment> {
    static final int HEAD = 56;
    private static final int FORK = 1, EXEC = 2, EXIT = 3, OPEN = 4, PROBE = 5, CLOSE = 6, CLOSE_RANGE = 7,
            DUP = 8, RENAME = 9, LINK = 10, UNLINK = 11, TRUNCATE = 12, CHDIR = 13, MMAP = 14, READ = 15, WRITE = 16;
    private static final int RENAME_EXCHANGE = 2;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final Consumer<TraceEvent> events;
    private final byte[] trampoline;
    private final Map<Integer, Integer> parents = new HashMap<>();
    private final List<TracedProcess> processes = new ArrayList<>();
    private long records;

    /**
     * @param trampoline the gate's own path: posix_spawn may return (and the pid be registered) before
     *                   the kernel reports the trampoline's exec, which is roar's, not the job's
     */
    RecordDecoder(Consumer<TraceEvent> events, byte[] trampoline) {
        this.events = events;
        this.trampoline = trampoline;
    }

    List<TracedProcess> processes() {
        return processes;
    }

    long records() {
        return records;
    }

    @Override
    public void accept(MemorySegment r) {
        records++;
        int kind = r.get(INT, 0);
        int tid = r.get(INT, 4);
        int i0 = r.get(INT, 8);
        int i1 = r.get(INT, 12);
        int i2 = r.get(INT, 16);
        int u0 = r.get(INT, 20);
        int len1 = Short.toUnsignedInt(r.get(SHORT, 48));
        switch (kind) {
            case FORK -> {
                parents.put(i0, tid);
                events.accept(new Forked(tid, i0, (u0 & 1) != 0, (u0 & 2) != 0));
            }
            case EXEC -> {
                byte[] file = path1(r, len1);
                if (processes.isEmpty() && Arrays.equals(file, trampoline)) {
                    return;
                }
                if (i0 != tid) {
                    events.accept(new Exited(i0));
                }
                events.accept(new Executed(tid, AT_FDCWD, file));
                processes.add(new TracedProcess(tid, parents.getOrDefault(tid, 0), argv(path2(r, len1))));
            }
            case EXIT -> events.accept(new Exited(tid));
            case OPEN -> {
                events.accept(new Opened(tid, i1, path1(r, len1), u0, i0, (i2 & 2) != 0));
                if ((i2 & 1) != 0) {
                    events.accept(new Baseline(tid, i0, r.get(LONG, 32), r.get(LONG, 40)));
                }
            }
            case PROBE -> events.accept(new Probed(tid, i0, r.get(LONG, 24), r.get(LONG, 32), r.get(LONG, 40)));
            case CLOSE -> events.accept(new Closed(tid, i0));
            case CLOSE_RANGE -> events.accept(new ClosedRange(tid, i0, i1));
            case DUP -> events.accept(new Duplicated(tid, i0, i1, u0 != 0));
            case RENAME -> {
                byte[] from = path1(r, len1);
                byte[] to = path2(r, len1);
                if ((u0 & RENAME_EXCHANGE) != 0) {
                    events.accept(new Linked(tid, i0, from, i1, to));
                    events.accept(new Linked(tid, i1, to, i0, from));
                } else {
                    events.accept(new Renamed(tid, i0, from, i1, to));
                }
            }
            case LINK -> events.accept(new Linked(tid, i0, path1(r, len1), i1, path2(r, len1)));
            case UNLINK -> events.accept(new Unlinked(tid, i1, path1(r, len1)));
            case TRUNCATE -> events.accept(u0 == 1 ? new Truncated(tid, 0, null, i0) : new Truncated(tid, i1, path1(r, len1), -1));
            case CHDIR -> events.accept(u0 == 1 ? new ChangedDirectory(tid, null, i0) : new ChangedDirectory(tid, path1(r, len1), -1));
            case MMAP -> events.accept(new Mapped(tid, i0, (u0 & 1) != 0, (u0 & 2) != 0));
            case READ -> events.accept(new Read(tid, i0, r.get(LONG, 24)));
            case WRITE -> events.accept(new Written(tid, i0, r.get(LONG, 24)));
            default -> throw new IllegalStateException("unknown BPF record kind " + kind + ": probes and decoder disagree");
        }
    }

    private static byte[] path1(MemorySegment r, int len1) {
        return r.asSlice(HEAD, len1).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] path2(MemorySegment r, int len1) {
        int len2 = Short.toUnsignedInt(r.get(SHORT, 50));
        return r.asSlice(HEAD + len1, len2).toArray(ValueLayout.JAVA_BYTE);
    }

    private static List<String> argv(byte[] raw) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start || i < raw.length) {
                    argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return argv;
    }
}
