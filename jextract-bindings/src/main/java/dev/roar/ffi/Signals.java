package dev.roar.ffi;

import java.lang.invoke.MethodHandle;


/** signal.h: kill and the signal numbers the tracer handles (x86_64 and aarch64 agree on these). */
public final class Signals {
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTRAP = 5;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;

    private static final MethodHandle KILL = Native.words("kill", 2);

    private Signals() {
    }

    public static int kill(CallState s, int pid, int signal) {
        try {
            return (int) (long) KILL.invokeExact(s.segment, (long) pid, (long) signal);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
