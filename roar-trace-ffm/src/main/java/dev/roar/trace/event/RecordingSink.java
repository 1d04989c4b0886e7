package dev.roar.trace.event;

import java.util.Arrays;
import java.util.function.Consumer;

/** A sink that turns each call back into its {@link TraceEvent} record (paths copied) for a consumer of records. */
public final class RecordingSink implements TraceEventSink {
    private final Consumer<? super TraceEvent> events;

    public RecordingSink(Consumer<? super TraceEvent> events) {
        this.events = events;
    }

    private static byte[] copy(byte[] path, int offset, int length) {
        return path == null ? null : Arrays.copyOfRange(path, offset, offset + length);
    }

    @Override
    public void forked(int tid, int childTid, boolean sharesFiles, boolean sharesFs) {
        events.accept(new TraceEvent.Forked(tid, childTid, sharesFiles, sharesFs));
    }

    @Override
    public void executed(int tid, int dirFd, byte[] path, int offset, int length) {
        events.accept(new TraceEvent.Executed(tid, dirFd, copy(path, offset, length)));
    }

    @Override
    public void exited(int tid) {
        events.accept(new TraceEvent.Exited(tid));
    }

    @Override
    public void opened(int tid, int dirFd, byte[] path, int offset, int length, int flags, int fd, boolean created) {
        events.accept(new TraceEvent.Opened(tid, dirFd, copy(path, offset, length), flags, fd, created));
    }

    @Override
    public void read(int tid, int fd, long bytes) {
        events.accept(new TraceEvent.Read(tid, fd, bytes));
    }

    @Override
    public void written(int tid, int fd, long bytes) {
        events.accept(new TraceEvent.Written(tid, fd, bytes));
    }

    @Override
    public void mapped(int tid, int fd, boolean readable, boolean sharedWritable) {
        events.accept(new TraceEvent.Mapped(tid, fd, readable, sharedWritable));
    }

    @Override
    public void closed(int tid, int fd) {
        events.accept(new TraceEvent.Closed(tid, fd));
    }

    @Override
    public void closedRange(int tid, int first, int last) {
        events.accept(new TraceEvent.ClosedRange(tid, first, last));
    }

    @Override
    public void duplicated(int tid, int oldFd, int newFd, boolean closeOnExec) {
        events.accept(new TraceEvent.Duplicated(tid, oldFd, newFd, closeOnExec));
    }

    @Override
    public void renamed(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        events.accept(new TraceEvent.Renamed(tid, fromDirFd, copy(from, fromOffset, fromLength), toDirFd, copy(to, toOffset, toLength)));
    }

    @Override
    public void linked(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        events.accept(new TraceEvent.Linked(tid, fromDirFd, copy(from, fromOffset, fromLength), toDirFd, copy(to, toOffset, toLength)));
    }

    @Override
    public void unlinked(int tid, int dirFd, byte[] path, int offset, int length) {
        events.accept(new TraceEvent.Unlinked(tid, dirFd, copy(path, offset, length)));
    }

    @Override
    public void truncated(int tid, int dirFd, byte[] path, int offset, int length, int fd) {
        events.accept(new TraceEvent.Truncated(tid, dirFd, copy(path, offset, length), fd));
    }

    @Override
    public void baseline(int tid, int fd, long size, long mtimeNanos) {
        events.accept(new TraceEvent.Baseline(tid, fd, size, mtimeNanos));
    }

    @Override
    public void probed(int tid, int fd, long position, long size, long mtimeNanos) {
        events.accept(new TraceEvent.Probed(tid, fd, position, size, mtimeNanos));
    }

    @Override
    public void changedDirectory(int tid, byte[] path, int offset, int length, int fd) {
        events.accept(new TraceEvent.ChangedDirectory(tid, copy(path, offset, length), fd));
    }
}
