package dev.roar.trace.ebpf;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Unistd;
import dev.roar.trace.TraceException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A pipe the consumer's epoll also watches, so the end of a trace wakes it at once instead of at its next timeout. */
final class Wakeup implements AutoCloseable {
    private final CallState state;
    private final int readFd;
    private final int writeFd;

    private Wakeup(CallState state, int readFd, int writeFd) {
        this.state = state;
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    static Wakeup open(CallState state) throws TraceException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            if (Unistd.pipe2(state, fds, Unistd.O_CLOEXEC) != 0) {
                throw new TraceException("pipe2 failed: " + Errno.name(state.errno()));
            }
            return new Wakeup(state, fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        }
    }

    int readFd() {
        return readFd;
    }

    void signal() {
        try (Arena arena = Arena.ofConfined()) {
            Unistd.write(state, writeFd, arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1), 1);
        }
    }

    @Override
    public void close() {
        Unistd.close(state, writeFd);
        Unistd.close(state, readFd);
    }
}
