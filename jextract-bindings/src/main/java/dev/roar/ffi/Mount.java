package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


/** sys/mount.h: mounting tracefs, which the syscall tracepoints the eBPF probes attach to live in. */
public final class Mount {
    private static final MethodHandle MOUNT = Native.words("mount", 5);

    private Mount() {
    }

    /** @return 0, or -1 with errno */
    public static int mount(CallState state, MemorySegment source, MemorySegment target, MemorySegment type, long flags) {
        try {
            return (int) (long) MOUNT.invokeExact(state.segment, Native.word(source), Native.word(target), Native.word(type), (long) flags, 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
