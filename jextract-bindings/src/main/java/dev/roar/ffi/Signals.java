package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

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

    private static final MethodHandle KILL = Native.function("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Signals() {
    }

    public static int kill(CallState s, int pid, int signal) {
        try {
            return (int) KILL.invokeExact(s.segment, pid, signal);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
