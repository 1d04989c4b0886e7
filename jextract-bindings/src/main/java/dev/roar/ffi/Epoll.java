package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** sys/epoll.h: waiting until a BPF ring buffer has data without polling it in a loop. */
public final class Epoll {
    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLLIN = 1;
    /** struct epoll_event is packed on x86_64: u32 events, u64 data (12 bytes). */
    public static final long EVENT_SIZE = 12;

    private static final MethodHandle CREATE = Native.words("epoll_create1", 1);
    private static final MethodHandle CTL = Native.words("epoll_ctl", 4);
    private static final MethodHandle WAIT = Native.words("epoll_wait", 4);

    private Epoll() {
    }

    public static int create(CallState state) {
        try {
            return (int) (long) CREATE.invokeExact(state.segment, (long) EPOLL_CLOEXEC);
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
            return (int) (long) CTL.invokeExact(state.segment, (long) epfd, (long) EPOLL_CTL_ADD, (long) fd, Native.word(event));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** @return how many events (0 on timeout), or -1 with errno */
    public static int await(CallState state, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) (long) WAIT.invokeExact(state.segment, (long) epfd, Native.word(events), (long) maxEvents, (long) timeoutMillis);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
