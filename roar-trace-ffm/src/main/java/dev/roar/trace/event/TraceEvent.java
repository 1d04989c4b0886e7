package dev.roar.trace.event;

/**
 * What a backend saw one task (thread) do, after the call succeeded. Every backend (ptrace, eBPF)
 * emits these same records, so one classifier gives every backend the same answer. Paths are raw
 * bytes as the task passed them (relative paths resolve against {@code dirFd} or the cwd in the
 * classifier, at the event's place in the stream); {@code tid} is the kernel task id.
 */
public sealed interface TraceEvent {
    /** openat's "relative to the current directory". */
    int AT_FDCWD = -100;

    int tid();

    /** clone/fork/vfork: {@code sharesFiles} is CLONE_FILES (threads), {@code sharesFs} is CLONE_FS (cwd). */
    record Forked(int tid, int childTid, boolean sharesFiles, boolean sharesFs) implements TraceEvent {
    }

    /** A successful execve/execveat of {@code path}: the program counts as read; close-on-exec fds go. */
    record Executed(int tid, int dirFd, byte[] path) implements TraceEvent {
    }

    record Exited(int tid) implements TraceEvent {
    }

    /** open/openat/openat2/creat returned {@code fd}; {@code created} when O_CREAT made a new file. */
    record Opened(int tid, int dirFd, byte[] path, int flags, int fd, boolean created) implements TraceEvent {
    }

    /** read family, sendfile/splice/copy_file_range source: {@code bytes} > 0 were read through {@code fd}. */
    record Read(int tid, int fd, long bytes) implements TraceEvent {
    }

    /** write family, sendfile/splice/copy_file_range destination: {@code bytes} > 0 written. */
    record Written(int tid, int fd, long bytes) implements TraceEvent {
    }

    /** mmap of a file: PROT_READ reads it; PROT_WRITE with MAP_SHARED writes it. */
    record Mapped(int tid, int fd, boolean readable, boolean sharedWritable) implements TraceEvent {
    }

    record Closed(int tid, int fd) implements TraceEvent {
    }

    /** close_range(first, last): every open fd in the range. */
    record ClosedRange(int tid, int first, int last) implements TraceEvent {
    }

    /** dup/dup2/dup3/fcntl(F_DUPFD*) made {@code newFd} refer to {@code oldFd}'s file. */
    record Duplicated(int tid, int oldFd, int newFd, boolean closeOnExec) implements TraceEvent {
    }

    record Renamed(int tid, int fromDirFd, byte[] from, int toDirFd, byte[] to) implements TraceEvent {
    }

    /** A new hard link {@code to} of {@code from}. */
    record Linked(int tid, int fromDirFd, byte[] from, int toDirFd, byte[] to) implements TraceEvent {
    }

    record Unlinked(int tid, int dirFd, byte[] path) implements TraceEvent {
    }

    /** truncate(path) or, with {@code path == null}, ftruncate(fd). */
    record Truncated(int tid, int dirFd, byte[] path, int fd) implements TraceEvent {
    }

    /**
     * The state of a regular file just opened as {@code fd}: what a later {@link Probed} is compared
     * with. Backends that see every read and write (eBPF) need neither.
     */
    record Baseline(int tid, int fd, long size, long mtimeNanos) implements TraceEvent {
    }

    /**
     * An fd's state just before it goes away (close, dup2 over it, exec, exit). The ptrace backend
     * lets reads and writes run without stopping and infers them from this instead: a file position
     * past 0 on a readable fd means it was read; a size or mtime other than the baseline, written.
     */
    record Probed(int tid, int fd, long position, long size, long mtimeNanos) implements TraceEvent {
    }

    /** chdir(path) or, with {@code path == null}, fchdir(fd). */
    record ChangedDirectory(int tid, byte[] path, int fd) implements TraceEvent {
    }
}
