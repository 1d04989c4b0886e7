package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** sys/stat.h and fcntl.h's open: struct stat as laid out on x86_64 (glibc 2.33+ exports stat/fstat). */
public final class Stat {
    public static final long STRUCT_SIZE = 144;
    public static final long ST_DEV = 0;
    public static final long ST_INO = 8;
    public static final long ST_MODE = 24;
    public static final long ST_SIZE = 48;
    public static final long ST_MTIM_SEC = 88;
    public static final long ST_MTIM_NSEC = 96;
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 02000000;

    private static final MethodHandle STAT = Native.words("stat", 2);
    private static final MethodHandle FSTAT = Native.words("fstat", 2);
    private static final MethodHandle OPEN = Native.function("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));

    private Stat() {
    }

    public static int stat(CallState s, MemorySegment path, MemorySegment buffer) {
        try {
            return (int) (long) STAT.invokeExact(s.segment, Native.word(path), Native.word(buffer));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fstat(CallState s, int fd, MemorySegment buffer) {
        try {
            return (int) (long) FSTAT.invokeExact(s.segment, (long) fd, Native.word(buffer));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int open(CallState s, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(s.segment, path, flags, mode);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
