package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** sys/resource.h: a thread's scheduling priority (its nice value; on Linux `who` may be a thread id), and limits. */
public final class Resource {
    public static final int PRIO_PROCESS = 0;
    public static final int RLIMIT_NOFILE = 7;
    /** struct rlimit: rlim_cur, then rlim_max, 8 bytes each; RLIM_INFINITY is all ones. */
    public static final long RLIMIT_SIZE = 16;
    public static final long RLIM_INFINITY = -1L;

    private static final MethodHandle SETPRIORITY = Native.words("setpriority", 3);
    private static final MethodHandle PRLIMIT = Native.words("prlimit", 4);

    private Resource() {
    }

    /** Sets the nice value of one thread; 0 on success, -1 with errno (EPERM: lowering it needs CAP_SYS_NICE). */
    public static int setThreadNice(CallState s, int tid, int nice) {
        try {
            return (int) (long) SETPRIORITY.invokeExact(s.segment, (long) PRIO_PROCESS, (long) tid, (long) nice);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets another process's limit to {@code limit} (a struct rlimit); 0 on success, -1 with errno. */
    public static int prlimit(CallState s, int pid, int resource, MemorySegment limit) {
        try {
            return (int) (long) PRLIMIT.invokeExact(s.segment, (long) pid, (long) resource, Native.word(limit), 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
