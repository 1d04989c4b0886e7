package dev.roar.trace.ring;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;
import dev.roar.trace.event.TraceEventSink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ring's record layout for each event kind: a header long (record length in the low half, kind in the
 * high half), a long of the tid and the kind's first int, the kind's other fixed-width fields, then paths as
 * (int length, bytes). Little-endian; records start 8-byte aligned.
 *
 * <p>Records are encoded into and decoded from heap arrays (the ring copies them to and from its memory in
 * bulk). Two ints that sit next to each other are written and read as one long. The writer has one switch
 * over the event kinds that both reserves the record's space and fills it.
 */
final class EventCodec {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int FORKED = 1, EXECUTED = 2, EXITED = 3, OPENED = 4, READ = 5, WRITTEN = 6, MAPPED = 7,
            CLOSED = 8, CLOSED_RANGE = 9, DUPLICATED = 10, RENAMED = 11, LINKED = 12, UNLINKED = 13,
            TRUNCATED = 14, CHANGED_DIRECTORY = 15, BASELINE = 16, PROBED = 17;

    /** Header, tid and the kind's first int: what every record starts with (at least 16 bytes a record). */
    static final int FIRST = 16;

    private EventCodec() {
    }

    static long pair(int low, int high) {
        return (low & 0xFFFF_FFFFL) | ((long) high << 32);
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** Bytes a path takes: its int length, then the bytes (none for a null path). */
    private static int path(byte[] path) {
        return 4 + (path == null ? 0 : path.length);
    }

    /** Encodes events into records; one per producer, reused for every event. */
    static final class Writer {
        private final EventRing space;
        /** The ring's staging array (replaced when it grows), and where in it to write next. */
        private byte[] b;
        private int at;

        Writer(EventRing space, byte[] staged) {
            this.space = space;
            this.b = staged;
        }

        void stageInto(byte[] staged) {
            b = staged;
        }

        /**
         * Reserves and fills the event's record; false when the ring has no room for it. The kinds most of a
         * trace is made of come first and the rest go through a second method: this one stays small enough
         * (under C2's 325 bytecodes) to be inlined into the producer's loop.
         */
        boolean write(TraceEvent event) {
            return switch (event) {
                case Read e -> read(e);
                case Written e -> written(e);
                case Opened e -> opened(e);
                case Closed e -> closed(e);
                case Probed e -> probed(e);
                case Baseline e -> baseline(e);
                default -> writeRare(event);
            };
        }

        /** The other kinds; exhaustive over all of them (no default), so a new kind cannot be left out. */
        private boolean writeRare(TraceEvent event) {
            return switch (event) {
                case Mapped e -> mapped(e);
                case Duplicated e -> duplicated(e);
                case ClosedRange e -> closedRange(e);
                case Forked e -> forked(e);
                case Executed e -> executed(e);
                case Exited e -> exited(e);
                case Renamed e -> renamed(e);
                case Linked e -> linked(e);
                case Unlinked e -> unlinked(e);
                case Truncated e -> truncated(e);
                case ChangedDirectory e -> changedDirectory(e);
                case Read _, Written _, Opened _, Closed _, Probed _, Baseline _ ->
                        throw new IllegalStateException("write() handles " + event.getClass().getSimpleName());
            };
        }

        // Reads and writes, most of any trace, put their one field at its fixed offset: no cursor to store and load.
        private boolean read(Read e) {
            return put(begin(READ, e.tid(), e.fd(), 8), e.bytes());
        }

        private boolean written(Written e) {
            return put(begin(WRITTEN, e.tid(), e.fd(), 8), e.bytes());
        }

        /** The long after a record's first 16 bytes, unless the record had no room (offset -1). */
        private boolean put(int offset, long v) {
            if (offset < 0) {
                return false;
            }
            LONG.set(b, offset + FIRST, v);
            return true;
        }

        private boolean opened(Opened e) {
            return begin(OPENED, e.tid(), e.dirFd(), 12 + path(e.path())) >= 0 && ii(e.flags(), e.fd()).i(bit(e.created())).p(e.path()).done();
        }

        private boolean closed(Closed e) {
            return begin(CLOSED, e.tid(), e.fd(), 0) >= 0;
        }

        private boolean probed(Probed e) {
            return begin(PROBED, e.tid(), e.fd(), 24) >= 0 && l(e.position()).l(e.size()).l(e.mtimeNanos()).done();
        }

        private boolean baseline(Baseline e) {
            return begin(BASELINE, e.tid(), e.fd(), 16) >= 0 && l(e.size()).l(e.mtimeNanos()).done();
        }

        private boolean mapped(Mapped e) {
            return begin(MAPPED, e.tid(), e.fd(), 8) >= 0 && ii(bit(e.readable()), bit(e.sharedWritable())).done();
        }

        private boolean duplicated(Duplicated e) {
            return begin(DUPLICATED, e.tid(), e.oldFd(), 8) >= 0 && ii(e.newFd(), bit(e.closeOnExec())).done();
        }

        private boolean closedRange(ClosedRange e) {
            return begin(CLOSED_RANGE, e.tid(), e.first(), 4) >= 0 && i(e.last()).done();
        }

        private boolean forked(Forked e) {
            return begin(FORKED, e.tid(), e.childTid(), 8) >= 0 && ii(bit(e.sharesFiles()), bit(e.sharesFs())).done();
        }

        private boolean executed(Executed e) {
            return begin(EXECUTED, e.tid(), e.dirFd(), path(e.path())) >= 0 && p(e.path()).done();
        }

        private boolean exited(Exited e) {
            return begin(EXITED, e.tid(), 0, 0) >= 0;
        }

        private boolean renamed(Renamed e) {
            return begin(RENAMED, e.tid(), e.fromDirFd(), 4 + path(e.from()) + path(e.to())) >= 0 && i(e.toDirFd()).p(e.from()).p(e.to()).done();
        }

        private boolean linked(Linked e) {
            return begin(LINKED, e.tid(), e.fromDirFd(), 4 + path(e.from()) + path(e.to())) >= 0 && i(e.toDirFd()).p(e.from()).p(e.to()).done();
        }

        private boolean unlinked(Unlinked e) {
            return begin(UNLINKED, e.tid(), e.dirFd(), path(e.path())) >= 0 && p(e.path()).done();
        }

        private boolean truncated(Truncated e) {
            return begin(TRUNCATED, e.tid(), e.dirFd(), 4 + path(e.path())) >= 0 && i(e.fd()).p(e.path()).done();
        }

        private boolean changedDirectory(ChangedDirectory e) {
            return begin(CHANGED_DIRECTORY, e.tid(), e.fd(), path(e.path())) >= 0 && p(e.path()).done();
        }

        /**
         * Reserves a record for {@code rest} bytes after the first 16 (header, tid and the kind's first int)
         * and writes those; returns the record's offset, or -1 when the ring has no room. The rest follows at
         * {@link #at}. The header's length is the aligned record length.
         */
        private int begin(int kind, int tid, int first, int rest) {
            int length = (FIRST + rest + 7) & ~7;
            int offset = space.reserve(length);
            if (offset < 0) {
                return -1;
            }
            LONG.set(b, offset, pair(length, kind));
            LONG.set(b, offset + 8, pair(tid, first));
            at = offset + FIRST;
            return offset;
        }

        private boolean done() {
            return true;
        }

        private Writer i(int v) {
            INT.set(b, at, v);
            at += 4;
            return this;
        }

        private Writer ii(int low, int high) {
            return l(pair(low, high));
        }

        private Writer l(long v) {
            LONG.set(b, at, v);
            at += 8;
            return this;
        }

        /** A path; null (ftruncate, fchdir) is written as length -1. */
        private Writer p(byte[] path) {
            if (path == null) {
                return i(-1);
            }
            i(path.length);
            System.arraycopy(path, 0, b, at, path.length);
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
        /** The ring's array of fetched records (replaced when it grows), and where in it to read next. */
        private byte[] b;
        private int at;
        private final byte[][] paths = {new byte[4096], new byte[4096]};
        private final int[] lengths = new int[2];

        Reader(byte[] fetched) {
            this.b = fetched;
        }

        void fetchFrom(byte[] fetched) {
            b = fetched;
        }

        /**
         * Decodes the record at {@code offset} of the fetched records, whose header long (length, kind) is
         * {@code header}, into the sink. As in the writer, the commonest kinds are decoded here and the rest in
         * further methods, to keep this one small enough to be inlined into the drain loop.
         */
        void read(int offset, long header, TraceEventSink sink) {
            int kind = (int) (header >>> 32);
            long second = (long) LONG.get(b, offset + 8);
            int tid = (int) second, first = high(second);
            // The common kinds read their fields at fixed offsets: no cursor kept in a field between calls.
            switch (kind) {
                case READ -> sink.read(tid, first, (long) LONG.get(b, offset + FIRST));
                case WRITTEN -> sink.written(tid, first, (long) LONG.get(b, offset + FIRST));
                case CLOSED -> sink.closed(tid, first);
                default -> {
                    at = offset + FIRST;
                    readOther(kind, tid, first, sink);
                }
            }
        }

        /** The kinds that are rarer, or have paths; each reads on from {@link #at}. */
        private void readOther(int kind, int tid, int first, TraceEventSink sink) {
            switch (kind) {
                case OPENED -> opened(tid, first, sink);
                case PROBED -> probed(tid, first, sink);
                case BASELINE -> baseline(tid, first, sink);
                default -> readRare(kind, tid, first, sink);
            }
        }

        private void readRare(int kind, int tid, int first, TraceEventSink sink) {
            switch (kind) {
                case MAPPED -> mapped(tid, first, sink);
                case DUPLICATED -> duplicated(tid, first, sink);
                case CLOSED_RANGE -> sink.closedRange(tid, first, i());
                case FORKED -> forked(tid, first, sink);
                case EXECUTED -> executed(tid, first, sink);
                case EXITED -> sink.exited(tid);
                case RENAMED, LINKED -> renamedOrLinked(kind, tid, first, sink);
                case UNLINKED -> unlinked(tid, first, sink);
                case TRUNCATED -> truncated(tid, first, sink);
                case CHANGED_DIRECTORY -> changedDirectory(tid, first, sink);
                default -> throw new IllegalStateException("corrupt ring record: kind " + kind);
            }
        }

        private void opened(int tid, int dirFd, TraceEventSink sink) {
            long flagsFd = l();
            boolean created = i() != 0;
            byte[] path = path(0);
            sink.opened(tid, dirFd, path, lengths[0], (int) flagsFd, high(flagsFd), created);
        }

        private void probed(int tid, int fd, TraceEventSink sink) {
            long position = l(), size = l();
            sink.probed(tid, fd, position, size, l());
        }

        private void baseline(int tid, int fd, TraceEventSink sink) {
            long size = l();
            sink.baseline(tid, fd, size, l());
        }

        private void mapped(int tid, int fd, TraceEventSink sink) {
            long flags = l();
            sink.mapped(tid, fd, (int) flags != 0, high(flags) != 0);
        }

        private void duplicated(int tid, int oldFd, TraceEventSink sink) {
            long newFdCloseOnExec = l();
            sink.duplicated(tid, oldFd, (int) newFdCloseOnExec, high(newFdCloseOnExec) != 0);
        }

        private void forked(int tid, int child, TraceEventSink sink) {
            long shares = l();
            sink.forked(tid, child, (int) shares != 0, high(shares) != 0);
        }

        private void executed(int tid, int dirFd, TraceEventSink sink) {
            byte[] path = path(0);
            sink.executed(tid, dirFd, path, lengths[0]);
        }

        private void renamedOrLinked(int kind, int tid, int fromDir, TraceEventSink sink) {
            int toDir = i();
            byte[] from = path(0), to = path(1);
            if (kind == RENAMED) {
                sink.renamed(tid, fromDir, from, lengths[0], toDir, to, lengths[1]);
            } else {
                sink.linked(tid, fromDir, from, lengths[0], toDir, to, lengths[1]);
            }
        }

        private void unlinked(int tid, int dirFd, TraceEventSink sink) {
            byte[] path = path(0);
            sink.unlinked(tid, dirFd, path, lengths[0]);
        }

        private void truncated(int tid, int dirFd, TraceEventSink sink) {
            int fd = i();
            byte[] path = path(0);
            sink.truncated(tid, dirFd, path, lengths[0], fd);
        }

        private void changedDirectory(int tid, int fd, TraceEventSink sink) {
            byte[] path = path(0);
            sink.changedDirectory(tid, path, lengths[0], fd);
        }

        private static int high(long pair) {
            return (int) (pair >>> 32);
        }

        private int i() {
            int v = (int) INT.get(b, at);
            at += 4;
            return v;
        }

        private long l() {
            long v = (long) LONG.get(b, at);
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
            System.arraycopy(b, at, paths[slot], 0, length);
            at += length;
            return paths[slot];
        }
    }
}
