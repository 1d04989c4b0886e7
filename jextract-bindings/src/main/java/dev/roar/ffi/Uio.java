package dev.roar.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** sys/uio.h: process_vm_readv, to read a tracee's memory in one call instead of a word per ptrace. */
public final class Uio {
    public static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    private static final MethodHandle PROCESS_VM_READV = Native.words("process_vm_readv", 6);

    private Uio() {
    }

    public static long processVmReadv(CallState s, int pid, MemorySegment localIov, long localCount,
                                      MemorySegment remoteIov, long remoteCount) {
        try {
            return (long) PROCESS_VM_READV.invokeExact(s.segment, (long) pid, Native.word(localIov), (long) localCount, Native.word(remoteIov), (long) remoteCount, (long) 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
