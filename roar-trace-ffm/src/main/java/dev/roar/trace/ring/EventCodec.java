package dev.roar.trace.ring;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;
import dev.roar.trace.event.TraceEventSink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The ring's record layout for each event kind: a kind tag, fixed-width fields, then paths as
 * (int length, bytes). Little-endian, unaligned: records are packed, only their starts are aligned.
 */
final class EventCodec {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    static final int FORKED = 1, EXECUTED = 2, EXITED = 3, OPENED = 4, READ = 5, WRITTEN = 6, MAPPED = 7,
            CLOSED = 8, CLOSED_RANGE = 9, DUPLICATED = 10, RENAMED = 11, LINKED = 12, UNLINKED = 13,
            TRUNCATED = 14, CHANGED_DIRECTORY = 15, BASELINE = 16, PROBED = 17;

    private EventCodec() {
    }

    /** Bytes the event's payload takes (kind and tid included, record header excluded). */
    static int size(TraceEvent event) {
        return 8 + switch (event) {
            case Forked e -> 12;
            case Executed e -> 4 + path(e.path());
            case Exited e -> 0;
            case Opened e -> 16 + path(e.path());
            case Read e -> 12;
            case Written e -> 12;
            case Mapped e -> 12;
            case Closed e -> 4;
            case ClosedRange e -> 8;
            case Duplicated e -> 12;
            case Renamed e -> 8 + path(e.from()) + path(e.to());
            case Linked e -> 8 + path(e.from()) + path(e.to());
            case Unlinked e -> 4 + path(e.path());
            case Truncated e -> 8 + path(e.path());
            case ChangedDirectory e -> 4 + path(e.path());
            case Baseline e -> 20;
            case Probed e -> 28;
        };
    }

    private static int path(byte[] path) {
        return 4 + (path == null ? 0 : path.length);
    }

    /** Encodes events into records; one per producer, reused for every event. */
    static final class Writer {
        private MemorySegment s;
        private long at;

        void write(MemorySegment segment, long offset, TraceEvent event) {
            s = segment;
            at = offset;
            switch (event) {
                case Forked e -> i(FORKED).i(e.tid()).i(e.childTid()).i(e.sharesFiles() ? 1 : 0).i(e.sharesFs() ? 1 : 0);
                case Executed e -> i(EXECUTED).i(e.tid()).i(e.dirFd()).p(e.path());
                case Exited e -> i(EXITED).i(e.tid());
                case Opened e -> i(OPENED).i(e.tid()).i(e.dirFd()).i(e.flags()).i(e.fd()).i(e.created() ? 1 : 0).p(e.path());
                case Read e -> i(READ).i(e.tid()).i(e.fd()).l(e.bytes());
                case Written e -> i(WRITTEN).i(e.tid()).i(e.fd()).l(e.bytes());
                case Mapped e -> i(MAPPED).i(e.tid()).i(e.fd()).i(e.readable() ? 1 : 0).i(e.sharedWritable() ? 1 : 0);
                case Closed e -> i(CLOSED).i(e.tid()).i(e.fd());
                case ClosedRange e -> i(CLOSED_RANGE).i(e.tid()).i(e.first()).i(e.last());
                case Duplicated e -> i(DUPLICATED).i(e.tid()).i(e.oldFd()).i(e.newFd()).i(e.closeOnExec() ? 1 : 0);
                case Renamed e -> i(RENAMED).i(e.tid()).i(e.fromDirFd()).i(e.toDirFd()).p(e.from()).p(e.to());
                case Linked e -> i(LINKED).i(e.tid()).i(e.fromDirFd()).i(e.toDirFd()).p(e.from()).p(e.to());
                case Unlinked e -> i(UNLINKED).i(e.tid()).i(e.dirFd()).p(e.path());
                case Truncated e -> i(TRUNCATED).i(e.tid()).i(e.dirFd()).i(e.fd()).p(e.path());
                case ChangedDirectory e -> i(CHANGED_DIRECTORY).i(e.tid()).i(e.fd()).p(e.path());
                case Baseline e -> i(BASELINE).i(e.tid()).i(e.fd()).l(e.size()).l(e.mtimeNanos());
                case Probed e -> i(PROBED).i(e.tid()).i(e.fd()).l(e.position()).l(e.size()).l(e.mtimeNanos());
            }
        }

        private Writer i(int v) {
            s.set(INT, at, v);
            at += 4;
            return this;
        }

        private Writer l(long v) {
            s.set(LONG, at, v);
            at += 8;
            return this;
        }

        /** A path; null (ftruncate, fchdir) is written as length -1. */
        private Writer p(byte[] path) {
            if (path == null) {
                return i(-1);
            }
            i(path.length);
            MemorySegment.copy(path, 0, s, ValueLayout.JAVA_BYTE, at, path.length);
            at += path.length;
            return this;
        }
    }

    /**
     * Decodes records into a sink's calls. One per consumer: it owns the arrays the paths are copied into,
     * which the sink borrows (see {@link TraceEventSink}), so decoding allocates nothing once they have
     * grown to the longest path seen.
     */
    static final class Reader {
        private MemorySegment s;
        private long at;
        private final byte[][] paths = {new byte[4096], new byte[4096]};
        private final int[] lengths = new int[2];

        void read(MemorySegment segment, long offset, TraceEventSink sink) {
            s = segment;
            at = offset;
            int kind = i();
            int tid = i();
            switch (kind) {
                case FORKED -> sink.forked(tid, i(), i() != 0, i() != 0);
                case EXECUTED -> {
                    int dirFd = i();
                    byte[] path = path(0);
                    sink.executed(tid, dirFd, path, lengths[0]);
                }
                case EXITED -> sink.exited(tid);
                case OPENED -> {
                    int dirFd = i(), flags = i(), fd = i();
                    boolean created = i() != 0;
                    byte[] path = path(0);
                    sink.opened(tid, dirFd, path, lengths[0], flags, fd, created);
                }
                case READ -> sink.read(tid, i(), l());
                case WRITTEN -> sink.written(tid, i(), l());
                case MAPPED -> sink.mapped(tid, i(), i() != 0, i() != 0);
                case CLOSED -> sink.closed(tid, i());
                case CLOSED_RANGE -> sink.closedRange(tid, i(), i());
                case DUPLICATED -> sink.duplicated(tid, i(), i(), i() != 0);
                case RENAMED -> {
                    int fromDir = i(), toDir = i();
                    byte[] from = path(0), to = path(1);
                    sink.renamed(tid, fromDir, from, lengths[0], toDir, to, lengths[1]);
                }
                case LINKED -> {
                    int fromDir = i(), toDir = i();
                    byte[] from = path(0), to = path(1);
                    sink.linked(tid, fromDir, from, lengths[0], toDir, to, lengths[1]);
                }
                case UNLINKED -> {
                    int dirFd = i();
                    byte[] path = path(0);
                    sink.unlinked(tid, dirFd, path, lengths[0]);
                }
                case TRUNCATED -> {
                    int dirFd = i(), fd = i();
                    byte[] path = path(0);
                    sink.truncated(tid, dirFd, path, lengths[0], fd);
                }
                case CHANGED_DIRECTORY -> {
                    int fd = i();
                    byte[] path = path(0);
                    sink.changedDirectory(tid, path, lengths[0], fd);
                }
                case BASELINE -> sink.baseline(tid, i(), l(), l());
                case PROBED -> sink.probed(tid, i(), l(), l(), l());
                default -> throw new IllegalStateException("corrupt ring record: kind " + kind);
            }
            s = null;
        }

        private int i() {
            int v = s.get(INT, at);
            at += 4;
            return v;
        }

        private long l() {
            long v = s.get(LONG, at);
            at += 8;
            return v;
        }

        /**
         * The record's next path, copied into the slot's array (grown when the path is longer), or null for a
         * null path; its length is then in {@code lengths[slot]}.
         */
        private byte[] path(int slot) {
            int length = i();
            lengths[slot] = Math.max(length, 0);
            if (length < 0) {
                return null;
            }
            if (paths[slot].length < length) {
                paths[slot] = new byte[length];
            }
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, paths[slot], 0, length);
            at += length;
            return paths[slot];
        }
    }
}
