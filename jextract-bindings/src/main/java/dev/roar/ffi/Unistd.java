package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** unistd.h / fcntl.h: pipe2, read, pread, write, close, access, unlink. */
public final class Unistd {
    public static final int O_CLOEXEC = 02000000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;

    private static final MethodHandle PIPE2 = Native.function("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = Native.function("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PREAD = Native.function("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE = Native.function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Native.function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCESS = Native.function("access", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UNLINK = Native.function("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    public static final int F_OK = 0;

    private Unistd() {
    }

    /** @param fds two ints: read end, write end */
    public static int pipe2(CallState state, MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.invokeExact(state.segment, fds, flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long read(CallState state, int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(state.segment, fd, buffer, count);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pread(CallState state, int fd, MemorySegment buffer, long count, long offset) {
        try {
            return (long) PREAD.invokeExact(state.segment, fd, buffer, count, offset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long write(CallState state, int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(state.segment, fd, buffer, count);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** access(path, mode) with the path as NUL-terminated bytes: exact for names that are not UTF-8. */
    public static int access(CallState state, MemorySegment path, int mode) {
        try {
            return (int) ACCESS.invokeExact(state.segment, path, mode);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** unlink(path) with the path as NUL-terminated bytes. */
    public static int unlink(CallState state, MemorySegment path) {
        try {
            return (int) UNLINK.invokeExact(state.segment, path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int close(CallState state, int fd) {
        try {
            return (int) CLOSE.invokeExact(state.segment, fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
