package dev.roar.bench;

import dev.roar.trace.event.TraceEventSink;

/**
 * A sink that only folds every field it is handed into a checksum: what the ring's own cost is when the
 * consumer does (almost) nothing, and proof to the JIT that every decoded field is used.
 */
final class ChecksumSink implements TraceEventSink {
    private long sum;

    long sum() {
        return sum;
    }

    private void add(long v) {
        sum = sum * 31 + v;
    }

    private void path(byte[] path, int offset, int length) {
        add(length == 0 ? -1 : length + path[offset + length - 1]);
    }

    @Override
    public void forked(int tid, int childTid, boolean sharesFiles, boolean sharesFs) {
        add(tid + childTid + (sharesFiles ? 1 : 0) + (sharesFs ? 2 : 0));
    }

    @Override
    public void executed(int tid, int dirFd, byte[] path, int offset, int length) {
        add(tid + dirFd);
        path(path, offset, length);
    }

    @Override
    public void exited(int tid) {
        add(tid);
    }

    @Override
    public void opened(int tid, int dirFd, byte[] path, int offset, int length, int flags, int fd, boolean created) {
        add(tid + dirFd + flags + fd + (created ? 1 : 0));
        path(path, offset, length);
    }

    @Override
    public void read(int tid, int fd, long bytes) {
        add(tid + fd + bytes);
    }

    @Override
    public void written(int tid, int fd, long bytes) {
        add(tid - fd + bytes);
    }

    @Override
    public void mapped(int tid, int fd, boolean readable, boolean sharedWritable) {
        add(tid + fd + (readable ? 1 : 0) + (sharedWritable ? 2 : 0));
    }

    @Override
    public void closed(int tid, int fd) {
        add(tid * 3L + fd);
    }

    @Override
    public void closedRange(int tid, int first, int last) {
        add(tid + first + last);
    }

    @Override
    public void duplicated(int tid, int oldFd, int newFd, boolean closeOnExec) {
        add(tid + oldFd + newFd + (closeOnExec ? 1 : 0));
    }

    @Override
    public void renamed(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        add(tid + fromDirFd + toDirFd);
        path(from, fromOffset, fromLength);
        path(to, toOffset, toLength);
    }

    @Override
    public void linked(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        renamed(tid, fromDirFd, from, fromOffset, fromLength, toDirFd, to, toOffset, toLength);
    }

    @Override
    public void unlinked(int tid, int dirFd, byte[] path, int offset, int length) {
        executed(tid, dirFd, path, offset, length);
    }

    @Override
    public void truncated(int tid, int dirFd, byte[] path, int offset, int length, int fd) {
        add(fd);
        executed(tid, dirFd, path, offset, length);
    }

    @Override
    public void baseline(int tid, int fd, long size, long mtimeNanos) {
        add(tid + fd + size + mtimeNanos);
    }

    @Override
    public void probed(int tid, int fd, long position, long size, long mtimeNanos) {
        add(tid + fd + position + size + mtimeNanos);
    }

    @Override
    public void changedDirectory(int tid, byte[] path, int offset, int length, int fd) {
        add(tid + fd);
        path(path, offset, length);
    }
}
