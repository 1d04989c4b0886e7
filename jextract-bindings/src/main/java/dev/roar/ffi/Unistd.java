package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


/** unistd.h / fcntl.h / sys/stat.h: pipe2, read, pread, write, close, access, unlink, umask. */
public final class Unistd {
    public static final int O_CLOEXEC = 02000000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;

    private static final MethodHandle PIPE2 = Native.words("pipe2", 2);
    private static final MethodHandle READ = Native.words("read", 3);
    private static final MethodHandle PREAD = Native.words("pread", 4);
    private static final MethodHandle WRITE = Native.words("write", 3);
    private static final MethodHandle CLOSE = Native.words("close", 1);
    private static final MethodHandle GETTID = Native.words("gettid", 0);
    private static final MethodHandle ACCESS = Native.words("access", 2);
    private static final MethodHandle FACCESSAT = Native.words("faccessat", 4);
    private static final MethodHandle UNLINK = Native.words("unlink", 1);
    private static final MethodHandle UMASK = Native.words("umask", 1);
    public static final int F_OK = 0;

    private Unistd() {
    }

    /** Sets the process's file-creation mask; answers the previous one (umask cannot fail). */
    public static int umask(CallState state, int mask) {
        try {
            return (int) (long) UMASK.invokeExact(state.segment, (long) mask);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @param fds two ints: read end, write end */
    public static int pipe2(CallState state, MemorySegment fds, int flags) {
        try {
            return (int) (long) PIPE2.invokeExact(state.segment, Native.word(fds), (long) flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long read(CallState state, int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(state.segment, (long) fd, Native.word(buffer), (long) count);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pread(CallState state, int fd, MemorySegment buffer, long count, long offset) {
        try {
            return (long) PREAD.invokeExact(state.segment, (long) fd, Native.word(buffer), (long) count, (long) offset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The calling thread's id (the kernel's tid: what setpriority and /proc/self/task take). */
    public static int gettid(CallState state) {
        try {
            return (int) (long) GETTID.invokeExact(state.segment);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long write(CallState state, int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(state.segment, (long) fd, Native.word(buffer), (long) count);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** access(path, mode) with the path as NUL-terminated bytes: exact for names that are not UTF-8. */
    public static int access(CallState state, MemorySegment path, int mode) {
        try {
            return (int) (long) ACCESS.invokeExact(state.segment, Native.word(path), (long) mode);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** faccessat(dirFd, path, mode, 0): {@code path} relative to the directory open as {@code dirFd}. */
    public static int accessAt(CallState state, int dirFd, MemorySegment path, int mode) {
        try {
            return (int) (long) FACCESSAT.invokeExact(state.segment, (long) dirFd, Native.word(path), (long) mode, 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** unlink(path) with the path as NUL-terminated bytes. */
    public static int unlink(CallState state, MemorySegment path) {
        try {
            return (int) (long) UNLINK.invokeExact(state.segment, Native.word(path));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int close(CallState state, int fd) {
        try {
            return (int) (long) CLOSE.invokeExact(state.segment, (long) fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
