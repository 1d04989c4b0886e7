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
 * bulk). Each field is written and read at its offset from the record's start (a second path's after the
 * first's bytes): a cursor kept in a field cost a store and a reload per field, ~40 ns to decode an open.
 * Two ints that sit next to each other are written and read as one long. The writer has one switch over
 * the event kinds that both reserves the record's space and fills it.
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
        /** The ring's staging array (replaced when it grows). */
        private byte[] b;

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
                case Read e -> transfer(READ, e.tid(), e.fd(), e.bytes());
                case Written e -> transfer(WRITTEN, e.tid(), e.fd(), e.bytes());
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
                case Executed e -> onePath(EXECUTED, e.tid(), e.dirFd(), e.path());
                case Exited e -> exited(e);
                case Renamed e -> renamed(e);
                case Linked e -> linked(e);
                case Unlinked e -> onePath(UNLINKED, e.tid(), e.dirFd(), e.path());
                case Truncated e -> truncated(e);
                case ChangedDirectory e -> onePath(CHANGED_DIRECTORY, e.tid(), e.fd(), e.path());
                case Read _, Written _, Opened _, Closed _, Probed _, Baseline _ ->
                        throw new IllegalStateException("write() handles " + event.getClass().getSimpleName());
            };
        }

        /** A read or a write: the fd, then the byte count. */
        private boolean transfer(int kind, int tid, int fd, long bytes) {
            int o = begin(kind, tid, fd, 8);
            return o >= 0 && putLong(o + FIRST, bytes);
        }

        private boolean opened(Opened e) {
            int o = begin(OPENED, e.tid(), e.dirFd(), 12 + path(e.path()));
            return o >= 0 && putLong(o + FIRST, pair(e.flags(), e.fd())) && putInt(o + 24, bit(e.created()))
                    && putPath(o + 28, e.path()) > 0;
        }

        private boolean closed(Closed e) {
            return begin(CLOSED, e.tid(), e.fd(), 0) >= 0;
        }

        private boolean probed(Probed e) {
            int o = begin(PROBED, e.tid(), e.fd(), 24);
            return o >= 0 && putLong(o + FIRST, e.position()) && putLong(o + 24, e.size()) && putLong(o + 32, e.mtimeNanos());
        }

        private boolean baseline(Baseline e) {
            int o = begin(BASELINE, e.tid(), e.fd(), 16);
            return o >= 0 && putLong(o + FIRST, e.size()) && putLong(o + 24, e.mtimeNanos());
        }

        private boolean mapped(Mapped e) {
            int o = begin(MAPPED, e.tid(), e.fd(), 8);
            return o >= 0 && putLong(o + FIRST, pair(bit(e.readable()), bit(e.sharedWritable())));
        }

        private boolean duplicated(Duplicated e) {
            int o = begin(DUPLICATED, e.tid(), e.oldFd(), 8);
            return o >= 0 && putLong(o + FIRST, pair(e.newFd(), bit(e.closeOnExec())));
        }

        private boolean closedRange(ClosedRange e) {
            int o = begin(CLOSED_RANGE, e.tid(), e.first(), 4);
            return o >= 0 && putInt(o + FIRST, e.last());
        }

        private boolean forked(Forked e) {
            int o = begin(FORKED, e.tid(), e.childTid(), 8);
            return o >= 0 && putLong(o + FIRST, pair(bit(e.sharesFiles()), bit(e.sharesFs())));
        }

        /** An exec, unlink or chdir: a directory fd (or fchdir's fd), then the path. */
        private boolean onePath(int kind, int tid, int fd, byte[] path) {
            int o = begin(kind, tid, fd, path(path));
            return o >= 0 && putPath(o + FIRST, path) > 0;
        }

        private boolean exited(Exited e) {
            return begin(EXITED, e.tid(), 0, 0) >= 0;
        }

        private boolean renamed(Renamed e) {
            return twoPaths(RENAMED, e.tid(), e.fromDirFd(), e.from(), e.toDirFd(), e.to());
        }

        private boolean linked(Linked e) {
            return twoPaths(LINKED, e.tid(), e.fromDirFd(), e.from(), e.toDirFd(), e.to());
        }

        private boolean twoPaths(int kind, int tid, int fromDirFd, byte[] from, int toDirFd, byte[] to) {
            int o = begin(kind, tid, fromDirFd, 4 + path(from) + path(to));
            return o >= 0 && putInt(o + FIRST, toDirFd) && putPath(putPath(o + 20, from), to) > 0;
        }

        private boolean truncated(Truncated e) {
            int o = begin(TRUNCATED, e.tid(), e.dirFd(), 4 + path(e.path()));
            return o >= 0 && putInt(o + FIRST, e.fd()) && putPath(o + 20, e.path()) > 0;
        }

        /**
         * Reserves a record for {@code rest} bytes after the first 16 (header, tid and the kind's first int)
         * and writes those; returns the record's offset in the staging array, or -1 when the ring has no room.
         * The header's length is the aligned record length.
         */
        private int begin(int kind, int tid, int first, int rest) {
            int length = (FIRST + rest + 7) & ~7;
            int offset = space.reserve(length);
            if (offset < 0) {
                return -1;
            }
            LONG.set(b, offset, pair(length, kind));
            LONG.set(b, offset + 8, pair(tid, first));
            return offset;
        }

        // The put methods return true (or the offset after the path) so that a kind's fields chain with &&.
        private boolean putInt(int at, int v) {
            INT.set(b, at, v);
            return true;
        }

        private boolean putLong(int at, long v) {
            LONG.set(b, at, v);
            return true;
        }

        /** A path at {@code at}: its length, then its bytes, null (ftruncate, fchdir) as length -1; the offset after it. */
        private int putPath(int at, byte[] path) {
            if (path == null) {
                INT.set(b, at, -1);
                return at + 4;
            }
            INT.set(b, at, path.length);
            System.arraycopy(path, 0, b, at + 4, path.length);
            return at + 4 + path.length;
        }
    }

    /**
     * Decodes records into a sink's calls. One per consumer. Paths are lent where they lie in the fetched
     * records (see {@link TraceEventSink}): decoding copies nothing and allocates nothing. Copying an open's
     * path into an array of the reader's own cost a call the JIT would not inline (1 event in 8 takes it) and
     * the drain loop's state spilled around it.
     */
    static final class Reader {
        /** The ring's array of fetched records (replaced when it grows). */
        private byte[] b;

        Reader(byte[] fetched) {
            this.b = fetched;
        }

        void fetchFrom(byte[] fetched) {
            b = fetched;
        }

        /**
         * Decodes the record at {@code offset} of the fetched records, whose header long (length, kind) is
         * {@code header}, into the sink. As in the writer, the commonest kinds are decoded here and the rest in
         * a further method, to keep this one small enough to be inlined into the drain loop.
         */
        void read(int offset, long header, TraceEventSink sink) {
            int kind = (int) (header >>> 32);
            long second = getLong(offset + 8);
            int tid = (int) second, first = high(second);
            switch (kind) {
                case READ -> sink.read(tid, first, getLong(offset + FIRST));
                case WRITTEN -> sink.written(tid, first, getLong(offset + FIRST));
                case OPENED -> {
                    long flagsFd = getLong(offset + FIRST);
                    sink.opened(tid, first, b, offset + 32, getInt(offset + 28), (int) flagsFd, high(flagsFd), getInt(offset + 24) != 0);
                }
                case CLOSED -> sink.closed(tid, first);
                default -> readRare(kind, offset, tid, first, sink);
            }
        }

        private void readRare(int kind, int o, int tid, int first, TraceEventSink sink) {
            switch (kind) {
                case PROBED -> sink.probed(tid, first, getLong(o + FIRST), getLong(o + 24), getLong(o + 32));
                case BASELINE -> sink.baseline(tid, first, getLong(o + FIRST), getLong(o + 24));
                case MAPPED -> sink.mapped(tid, first, getInt(o + FIRST) != 0, getInt(o + 20) != 0);
                case DUPLICATED -> sink.duplicated(tid, first, getInt(o + FIRST), getInt(o + 20) != 0);
                case CLOSED_RANGE -> sink.closedRange(tid, first, getInt(o + FIRST));
                case FORKED -> sink.forked(tid, first, getInt(o + FIRST) != 0, getInt(o + 20) != 0);
                case EXECUTED -> sink.executed(tid, first, b, o + 20, getInt(o + FIRST));
                case EXITED -> sink.exited(tid);
                case RENAMED, LINKED -> renamedOrLinked(kind, o, tid, first, sink);
                case UNLINKED -> sink.unlinked(tid, first, b, o + 20, getInt(o + FIRST));
                case TRUNCATED -> sink.truncated(tid, first, nullable(o + 20), o + 24, lengthOf(o + 20), getInt(o + FIRST));
                case CHANGED_DIRECTORY -> sink.changedDirectory(tid, nullable(o + FIRST), o + 20, lengthOf(o + FIRST), first);
                default -> throw new IllegalStateException("corrupt ring record: kind " + kind);
            }
        }

        private void renamedOrLinked(int kind, int o, int tid, int fromDir, TraceEventSink sink) {
            int toDir = getInt(o + FIRST);
            int fromLength = getInt(o + 20);
            int toAt = o + 24 + fromLength;
            int toLength = getInt(toAt);
            if (kind == RENAMED) {
                sink.renamed(tid, fromDir, b, o + 24, fromLength, toDir, b, toAt + 4, toLength);
            } else {
                sink.linked(tid, fromDir, b, o + 24, fromLength, toDir, b, toAt + 4, toLength);
            }
        }

        /** The array a path at {@code at} is lent in: null for a null path (ftruncate, fchdir; length -1). */
        private byte[] nullable(int at) {
            return getInt(at) < 0 ? null : b;
        }

        /** A path's length at {@code at}, 0 for a null path. */
        private int lengthOf(int at) {
            return Math.max(getInt(at), 0);
        }

        private static int high(long pair) {
            return (int) (pair >>> 32);
        }

        private int getInt(int at) {
            return (int) INT.get(b, at);
        }

        private long getLong(int at) {
            return (long) LONG.get(b, at);
        }
    }
}
