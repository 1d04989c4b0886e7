package dev.roar.trace.ptrace;

/**
 * The syscalls of the tracing contract that the ptrace backend stops on, how the seccomp filter
 * selects them, and whether their result is needed (a second stop at syscall exit).
 */
enum Syscall {
    // read/readv/write/writev and pwrite* are not here: the seccomp filter lets them run at full speed
    // (a syscall whose verdict is a constant ALLOW is served from the kernel's action cache), and the
    // backend infers them from the fd's position, size and mtime when the fd goes away. preads leave
    // the position alone, so they are still stopped on (at entry only).
    PREAD64(Trap.FD_AT_LEAST_3, false), PREADV(Trap.FD_AT_LEAST_3, false), PREADV2(Trap.FD_AT_LEAST_3, false),
    SENDFILE(Trap.ALWAYS, true), SPLICE(Trap.ALWAYS, true), COPY_FILE_RANGE(Trap.ALWAYS, true),
    OPEN(Trap.ALWAYS, true), OPENAT(Trap.ALWAYS, true), OPENAT2(Trap.ALWAYS, true), CREAT(Trap.ALWAYS, true),
    MMAP(Trap.MMAP_OF_FILE, false),
    CLOSE(Trap.FD_AT_LEAST_3, false), CLOSE_RANGE(Trap.ALWAYS, false),
    /** Only when the backend holds copies of open files: a lock belongs to the description, which a copy would keep. */
    FLOCK(Trap.ALWAYS, false),
    DUP(Trap.ALWAYS, true), DUP2(Trap.ALWAYS, true), DUP3(Trap.ALWAYS, true), FCNTL(Trap.FCNTL_DUPFD, true),
    RENAME(Trap.ALWAYS, true), RENAMEAT(Trap.ALWAYS, true), RENAMEAT2(Trap.ALWAYS, true),
    LINK(Trap.ALWAYS, true), LINKAT(Trap.ALWAYS, true),
    UNLINK(Trap.ALWAYS, true), UNLINKAT(Trap.ALWAYS, true),
    TRUNCATE(Trap.ALWAYS, true), FTRUNCATE(Trap.ALWAYS, true),
    CHDIR(Trap.ALWAYS, true), FCHDIR(Trap.ALWAYS, true),
    EXECVE(Trap.ALWAYS, false), EXECVEAT(Trap.ALWAYS, false),
    CLONE(Trap.ALWAYS, false), CLONE3(Trap.ALWAYS, false);

    /** Which calls of this syscall the filter sends to the tracer. */
    enum Trap {
        ALWAYS,
        /** Only when the fd (arg 0) is >= 3: stdio reads and writes run at native speed. */
        FD_AT_LEAST_3,
        /** Only when mmap's fd (arg 4) is not -1: anonymous memory is not a file. */
        MMAP_OF_FILE,
        /**
         * Only F_DUPFD and F_DUPFD_CLOEXEC (arg 1), and the description locks F_OFD_SETLK(W) when the backend
         * holds copies of open files: fcntl's other commands are frequent and irrelevant.
         */
        FCNTL_DUPFD
    }

    final Trap trap;
    final boolean needsExit;

    Syscall(Trap trap, boolean needsExit) {
        this.trap = trap;
        this.needsExit = needsExit;
    }
}
