package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


/** sys/mman.h: mapping a BPF ring buffer's pages into the JVM, and sysconf(_SC_PAGESIZE). */
public final class Mman {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    private static final int SC_PAGESIZE = 30;
    /** mmap's error return. */
    public static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = Native.words("mmap", 6);
    private static final MethodHandle MUNMAP = Native.words("munmap", 2);
    private static final MethodHandle SYSCONF = Native.words("sysconf", 1);

    private Mman() {
    }

    /** @return the mapping's address (MAP_FAILED's address on error, errno set) */
    public static MemorySegment mmap(CallState state, long length, int prot, int flags, int fd, long offset) {
        try {
            return MemorySegment.ofAddress((long) MMAP.invokeExact(state.segment, 0L, (long) length, (long) prot, (long) flags, (long) fd, (long) offset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int munmap(CallState state, MemorySegment address, long length) {
        try {
            return (int) (long) MUNMAP.invokeExact(state.segment, Native.word(address), (long) length);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pageSize(CallState state) {
        try {
            return (long) SYSCONF.invokeExact(state.segment, (long) SC_PAGESIZE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
