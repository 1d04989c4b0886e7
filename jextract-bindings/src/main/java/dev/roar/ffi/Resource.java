package dev.roar.ffi;

import java.lang.invoke.MethodHandle;

/** sys/resource.h: a thread's scheduling priority (its nice value; on Linux `who` may be a thread id). */
public final class Resource {
    public static final int PRIO_PROCESS = 0;

    private static final MethodHandle SETPRIORITY = Native.words("setpriority", 3);

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

    static void link() {
    }
}
