package dev.roar.trace.event;

/**
 * Where a backend's events go, one call per event with its fields as arguments. The decoders (the ptrace
 * backend's ring, the BPF ring's records) call these directly instead of building a {@link TraceEvent} per
 * event: a drain then allocates nothing for the reads, writes, probes and closes that are most of a trace.
 *
 * <p>Paths are borrowed: {@code path[offset..offset+length)} is valid during the call only (the decoder reuses
 * the array, which may hold other records around the path), and a sink that keeps a path copies it. The
 * ptrace ring's decoder lends the path where it lies among the fetched records, so decoding an open copies
 * nothing. A null path (ftruncate, fchdir) is a null array with length 0.
 */
public interface TraceEventSink {
    void forked(int tid, int childTid, boolean sharesFiles, boolean sharesFs);

    void executed(int tid, int dirFd, byte[] path, int offset, int length);

    void exited(int tid);

    void opened(int tid, int dirFd, byte[] path, int offset, int length, int flags, int fd, boolean created);

    void read(int tid, int fd, long bytes);

    void written(int tid, int fd, long bytes);

    void mapped(int tid, int fd, boolean readable, boolean sharedWritable);

    void closed(int tid, int fd);

    void closedRange(int tid, int first, int last);

    void duplicated(int tid, int oldFd, int newFd, boolean closeOnExec);

    void renamed(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength);

    void linked(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength);

    void unlinked(int tid, int dirFd, byte[] path, int offset, int length);

    void truncated(int tid, int dirFd, byte[] path, int offset, int length, int fd);

    void baseline(int tid, int fd, long size, long mtimeNanos);

    void probed(int tid, int fd, long position, long size, long mtimeNanos);

    void changedDirectory(int tid, byte[] path, int offset, int length, int fd);

    /** Hands an event record to the method of its kind. */
    default void accept(TraceEvent event) {
        switch (event) {
            case TraceEvent.Forked e -> forked(e.tid(), e.childTid(), e.sharesFiles(), e.sharesFs());
            case TraceEvent.Executed e -> executed(e.tid(), e.dirFd(), e.path(), 0, e.path().length);
            case TraceEvent.Exited e -> exited(e.tid());
            case TraceEvent.Opened e -> opened(e.tid(), e.dirFd(), e.path(), 0, e.path().length, e.flags(), e.fd(), e.created());
            case TraceEvent.Read e -> read(e.tid(), e.fd(), e.bytes());
            case TraceEvent.Written e -> written(e.tid(), e.fd(), e.bytes());
            case TraceEvent.Mapped e -> mapped(e.tid(), e.fd(), e.readable(), e.sharedWritable());
            case TraceEvent.Closed e -> closed(e.tid(), e.fd());
            case TraceEvent.ClosedRange e -> closedRange(e.tid(), e.first(), e.last());
            case TraceEvent.Duplicated e -> duplicated(e.tid(), e.oldFd(), e.newFd(), e.closeOnExec());
            case TraceEvent.Renamed e -> renamed(e.tid(), e.fromDirFd(), e.from(), 0, e.from().length, e.toDirFd(), e.to(), 0, e.to().length);
            case TraceEvent.Linked e -> linked(e.tid(), e.fromDirFd(), e.from(), 0, e.from().length, e.toDirFd(), e.to(), 0, e.to().length);
            case TraceEvent.Unlinked e -> unlinked(e.tid(), e.dirFd(), e.path(), 0, e.path().length);
            case TraceEvent.Truncated e -> truncated(e.tid(), e.dirFd(), e.path(), 0, e.path() == null ? 0 : e.path().length, e.fd());
            case TraceEvent.Baseline e -> baseline(e.tid(), e.fd(), e.size(), e.mtimeNanos());
            case TraceEvent.Probed e -> probed(e.tid(), e.fd(), e.position(), e.size(), e.mtimeNanos());
            case TraceEvent.ChangedDirectory e -> changedDirectory(e.tid(), e.path(), 0, e.path() == null ? 0 : e.path().length, e.fd());
        }
    }
}
