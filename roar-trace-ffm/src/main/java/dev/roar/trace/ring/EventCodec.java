package dev.roar.trace.ring;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;

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

    static void write(MemorySegment s, long at, TraceEvent event) {
        Writer w = new Writer(s, at);
        switch (event) {
            case Forked e -> w.i(FORKED).i(e.tid()).i(e.childTid()).i(e.sharesFiles() ? 1 : 0).i(e.sharesFs() ? 1 : 0);
            case Executed e -> w.i(EXECUTED).i(e.tid()).i(e.dirFd()).p(e.path());
            case Exited e -> w.i(EXITED).i(e.tid());
            case Opened e -> w.i(OPENED).i(e.tid()).i(e.dirFd()).i(e.flags()).i(e.fd()).i(e.created() ? 1 : 0).p(e.path());
            case Read e -> w.i(READ).i(e.tid()).i(e.fd()).l(e.bytes());
            case Written e -> w.i(WRITTEN).i(e.tid()).i(e.fd()).l(e.bytes());
            case Mapped e -> w.i(MAPPED).i(e.tid()).i(e.fd()).i(e.readable() ? 1 : 0).i(e.sharedWritable() ? 1 : 0);
            case Closed e -> w.i(CLOSED).i(e.tid()).i(e.fd());
            case ClosedRange e -> w.i(CLOSED_RANGE).i(e.tid()).i(e.first()).i(e.last());
            case Duplicated e -> w.i(DUPLICATED).i(e.tid()).i(e.oldFd()).i(e.newFd()).i(e.closeOnExec() ? 1 : 0);
            case Renamed e -> w.i(RENAMED).i(e.tid()).i(e.fromDirFd()).i(e.toDirFd()).p(e.from()).p(e.to());
            case Linked e -> w.i(LINKED).i(e.tid()).i(e.fromDirFd()).i(e.toDirFd()).p(e.from()).p(e.to());
            case Unlinked e -> w.i(UNLINKED).i(e.tid()).i(e.dirFd()).p(e.path());
            case Truncated e -> w.i(TRUNCATED).i(e.tid()).i(e.dirFd()).i(e.fd()).p(e.path());
            case ChangedDirectory e -> w.i(CHANGED_DIRECTORY).i(e.tid()).i(e.fd()).p(e.path());
            case Baseline e -> w.i(BASELINE).i(e.tid()).i(e.fd()).l(e.size()).l(e.mtimeNanos());
            case Probed e -> w.i(PROBED).i(e.tid()).i(e.fd()).l(e.position()).l(e.size()).l(e.mtimeNanos());
        }
    }

    static TraceEvent read(MemorySegment s, long at) {
        Reader r = new Reader(s, at);
        int kind = r.i();
        int tid = r.i();
        return switch (kind) {
            case FORKED -> new Forked(tid, r.i(), r.i() != 0, r.i() != 0);
            case EXECUTED -> new Executed(tid, r.i(), r.p());
            case EXITED -> new Exited(tid);
            case OPENED -> {
                int dirFd = r.i(), flags = r.i(), fd = r.i();
                boolean created = r.i() != 0;
                yield new Opened(tid, dirFd, r.p(), flags, fd, created);
            }
            case READ -> new Read(tid, r.i(), r.l());
            case WRITTEN -> new Written(tid, r.i(), r.l());
            case MAPPED -> new Mapped(tid, r.i(), r.i() != 0, r.i() != 0);
            case CLOSED -> new Closed(tid, r.i());
            case CLOSED_RANGE -> new ClosedRange(tid, r.i(), r.i());
            case DUPLICATED -> new Duplicated(tid, r.i(), r.i(), r.i() != 0);
            case RENAMED -> {
                int fromDir = r.i(), toDir = r.i();
                yield new Renamed(tid, fromDir, r.p(), toDir, r.p());
            }
            case LINKED -> {
                int fromDir = r.i(), toDir = r.i();
                yield new Linked(tid, fromDir, r.p(), toDir, r.p());
            }
            case UNLINKED -> new Unlinked(tid, r.i(), r.p());
            case TRUNCATED -> {
                int dirFd = r.i(), fd = r.i();
                yield new Truncated(tid, dirFd, r.p(), fd);
            }
            case CHANGED_DIRECTORY -> {
                int fd = r.i();
                yield new ChangedDirectory(tid, r.p(), fd);
            }
            case BASELINE -> new Baseline(tid, r.i(), r.l(), r.l());
            case PROBED -> new Probed(tid, r.i(), r.l(), r.l(), r.l());
            default -> throw new IllegalStateException("corrupt ring record: kind " + kind);
        };
    }

    private static final class Writer {
        private final MemorySegment s;
        private long at;

        Writer(MemorySegment s, long at) {
            this.s = s;
            this.at = at;
        }

        Writer i(int v) {
            s.set(INT, at, v);
            at += 4;
            return this;
        }

        Writer l(long v) {
            s.set(LONG, at, v);
            at += 8;
            return this;
        }

        /** A path; null (ftruncate, fchdir) is written as length -1. */
        Writer p(byte[] path) {
            if (path == null) {
                return i(-1);
            }
            i(path.length);
            MemorySegment.copy(path, 0, s, ValueLayout.JAVA_BYTE, at, path.length);
            at += path.length;
            return this;
        }
    }

    private static final class Reader {
        private final MemorySegment s;
        private long at;

        Reader(MemorySegment s, long at) {
            this.s = s;
            this.at = at;
        }

        int i() {
            int v = s.get(INT, at);
            at += 4;
            return v;
        }

        long l() {
            long v = s.get(LONG, at);
            at += 8;
            return v;
        }

        byte[] p() {
            int length = i();
            if (length < 0) {
                return null;
            }
            byte[] path = new byte[length];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, path, 0, length);
            at += length;
            return path;
        }
    }
}
