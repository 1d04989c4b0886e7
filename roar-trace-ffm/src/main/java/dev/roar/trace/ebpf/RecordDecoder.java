package dev.roar.trace.ebpf;

import dev.roar.trace.TracedProcess;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEventSink;

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
 * {@link TraceEvent}s the ptrace backend produces, as calls on a sink, so one classifier answers for both.
 */
public final class RecordDecoder implements Consumer<MemorySegment> {
    /** Bytes before a record's paths. */
    public static final int HEAD = 56;
    private static final int FORK = 1, EXEC = 2, EXIT = 3, OPEN = 4, PROBE = 5, CLOSE = 6, CLOSE_RANGE = 7,
            DUP = 8, RENAME = 9, LINK = 10, UNLINK = 11, TRUNCATE = 12, CHDIR = 13, MMAP = 14, READ = 15, WRITE = 16;
    private static final int RENAME_EXCHANGE = 2;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final TraceEventSink events;
    /** The records' paths, lent to the sink; grown to the longest seen (a u16 in the record). */
    private byte[] first = new byte[4096];
    private byte[] second = new byte[4096];
    private final byte[] trampoline;
    private final Map<Integer, Integer> parents = new HashMap<>();
    private final List<TracedProcess> processes = new ArrayList<>();
    private long records;

    /**
     * @param trampoline the gate's own path: posix_spawn may return (and the pid be registered) before
     *                   the kernel reports the trampoline's exec, which is roar's, not the job's
     */
    public RecordDecoder(TraceEventSink events, byte[] trampoline) {
        this.events = events;
        this.trampoline = trampoline;
    }

    List<TracedProcess> processes() {
        return processes;
    }

    long records() {
        return records;
    }

    /** Decodes one record (its head and paths, without the ring's 8-byte header). */
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
                events.forked(tid, i0, (u0 & 1) != 0, (u0 & 2) != 0);
            }
            case EXEC -> executed(r, tid, i0, len1);
            case EXIT -> events.exited(tid);
            case OPEN -> {
                events.opened(tid, i1, path1(r, len1), 0, len1, u0, i0, (i2 & 2) != 0);
                if ((i2 & 1) != 0) {
                    events.baseline(tid, i0, r.get(LONG, 32), r.get(LONG, 40));
                }
            }
            case PROBE -> events.probed(tid, i0, r.get(LONG, 24), r.get(LONG, 32), r.get(LONG, 40));
            case CLOSE -> events.closed(tid, i0);
            case CLOSE_RANGE -> events.closedRange(tid, i0, i1);
            case DUP -> events.duplicated(tid, i0, i1, u0 != 0);
            case RENAME -> {
                byte[] from = path1(r, len1);
                int len2 = len2(r);
                byte[] to = path2(r, len1, len2);
                if ((u0 & RENAME_EXCHANGE) != 0) {
                    events.linked(tid, i0, from, 0, len1, i1, to, 0, len2);
                    events.linked(tid, i1, to, 0, len2, i0, from, 0, len1);
                } else {
                    events.renamed(tid, i0, from, 0, len1, i1, to, 0, len2);
                }
            }
            case LINK -> {
                int len2 = len2(r);
                events.linked(tid, i0, path1(r, len1), 0, len1, i1, path2(r, len1, len2), 0, len2);
            }
            case UNLINK -> events.unlinked(tid, i1, path1(r, len1), 0, len1);
            case TRUNCATE -> {
                if (u0 == 1) {
                    events.truncated(tid, 0, null, 0, 0, i0);
                } else {
                    events.truncated(tid, i1, path1(r, len1), 0, len1, -1);
                }
            }
            case CHDIR -> {
                if (u0 == 1) {
                    events.changedDirectory(tid, null, 0, 0, i0);
                } else {
                    events.changedDirectory(tid, path1(r, len1), 0, len1, -1);
                }
            }
            case MMAP -> events.mapped(tid, i0, (u0 & 1) != 0, (u0 & 2) != 0);
            case READ -> events.read(tid, i0, r.get(LONG, 24));
            case WRITE -> events.written(tid, i0, r.get(LONG, 24));
            default -> throw new IllegalStateException("unknown BPF record kind " + kind + ": probes and decoder disagree");
        }
    }

    private void executed(MemorySegment r, int tid, int formerTid, int len1) {
        byte[] file = r.asSlice(HEAD, len1).toArray(ValueLayout.JAVA_BYTE);
        if (processes.isEmpty() && Arrays.equals(file, trampoline)) {
            return;
        }
        if (formerTid != tid) {
            events.exited(formerTid);
        }
        events.executed(tid, AT_FDCWD, file, 0, file.length);
        int len2 = len2(r);
        processes.add(new TracedProcess(tid, parents.getOrDefault(tid, 0), argv(path2(r, len1, len2), len2)));
    }

    /** The record's first path, copied into {@link #first} (lent to the sink, see TraceEventSink). */
    private byte[] path1(MemorySegment r, int len1) {
        if (first.length < len1) {
            first = new byte[len1];
        }
        MemorySegment.copy(r, ValueLayout.JAVA_BYTE, HEAD, first, 0, len1);
        return first;
    }

    private static int len2(MemorySegment r) {
        return Short.toUnsignedInt(r.get(SHORT, 50));
    }

    private byte[] path2(MemorySegment r, int len1, int len2) {
        if (second.length < len2) {
            second = new byte[len2];
        }
        MemorySegment.copy(r, ValueLayout.JAVA_BYTE, HEAD + len1, second, 0, len2);
        return second;
    }

    private static List<String> argv(byte[] raw, int length) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || raw[i] == 0) {
                if (i > start || i < length) {
                    argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return argv;
    }
}
