package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** sys/epoll.h: waiting until a BPF ring buffer has data without polling it in a loop. */
public final class Epoll {
    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLLIN = 1;
    /** struct epoll_event is packed on x86_64: u32 events, u64 data (12 bytes). */
    public static final long EVENT_SIZE = 12;

    private static final MethodHandle CREATE = Native.function("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Native.function("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Native.function("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private Epoll() {
    }

    public static int create(CallState state) {
        try {
            return (int) CREATE.invokeExact(state.segment, EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Adds {@code fd} for EPOLLIN; {@code event} is EVENT_SIZE bytes of scratch. */
    public static int addReadable(CallState state, int epfd, int fd, MemorySegment event) {
        event.set(JAVA_INT, 0, EPOLLIN);
        event.set(JAVA_INT, 4, fd);
        event.set(JAVA_INT, 8, 0);
        try {
            return (int) CTL.invokeExact(state.segment, epfd, EPOLL_CTL_ADD, fd, event);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return how many events (0 on timeout), or -1 with errno */
    public static int await(CallState state, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) WAIT.invokeExact(state.segment, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
