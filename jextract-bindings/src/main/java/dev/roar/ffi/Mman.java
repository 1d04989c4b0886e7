package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** sys/mman.h: mapping a BPF ring buffer's pages into the JVM, and sysconf(_SC_PAGESIZE). */
public final class Mman {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30;
    /** mmap's error return. */
    public static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = Native.function("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.function("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SYSCONF = Native.function("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

    private Mman() {
    }

    /** @return the mapping's address (MAP_FAILED's address on error, errno set) */
    public static MemorySegment mmap(CallState state, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(state.segment, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int munmap(CallState state, MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(state.segment, address, length);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pageSize(CallState state) {
        try {
            return (long) SYSCONF.invokeExact(state.segment, SC_PAGESIZE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
