package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** sys/mount.h: mounting tracefs, which the syscall tracepoints the eBPF probes attach to live in. */
public final class Mount {
    private static final MethodHandle MOUNT = Native.function("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private Mount() {
    }

    /** @return 0, or -1 with errno */
    public static int mount(CallState state, MemorySegment source, MemorySegment target, MemorySegment type, long flags) {
        try {
            return (int) MOUNT.invokeExact(state.segment, source, target, type, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
