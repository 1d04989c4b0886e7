package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


/** sys/wait.h: waitpid and the status macros. */
public final class Wait {
    public static final int WNOHANG = 1;
    public static final int WUNTRACED = 2;
    /** Only children of the calling thread: never steal the JDK's own children's statuses. */
    public static final int __WNOTHREAD = 0x20000000;
    public static final int __WALL = 0x40000000;

    private static final MethodHandle WAITPID = Native.words("waitpid", 3);

    private Wait() {
    }

    public static int waitpid(CallState s, int pid, MemorySegment status, int options) {
        try {
            return (int) (long) WAITPID.invokeExact(s.segment, (long) pid, Native.word(status), (long) options);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    public static int exitStatus(int status) {
        return (status >> 8) & 0xff;
    }

    public static boolean signaled(int status) {
        int low = status & 0x7f;
        return low != 0 && low != 0x7f;
    }

    public static int termSignal(int status) {
        return status & 0x7f;
    }

    public static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    public static int stopSignal(int status) {
        return (status >> 8) & 0xff;
    }

    /** The PTRACE_EVENT_* of a ptrace event stop, or 0. */
    public static int ptraceEvent(int status) {
        return (status >>> 16) & 0xffff;
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
