package dev.roar.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Where a call leaves errno. One per thread (confined), passed to every binding so errno is read
 * from the call that set it, not from whatever the JVM did in between.
 */
public final class CallState implements AutoCloseable {
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private final Arena arena = Arena.ofConfined();
    final MemorySegment segment = arena.allocate(Linker.Option.captureStateLayout());

    public int errno() {
        return (int) ERRNO.get(segment, 0L);
    }

    /** Scratch memory for the calling thread's arguments; freed with this state. */
    public Arena arena() {
        return arena;
    }

    @Override
    public void close() {
        arena.close();
    }
}
