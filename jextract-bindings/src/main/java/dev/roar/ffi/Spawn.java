package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * spawn.h and the sigset functions it needs. posix_spawn is how the JVM starts a process without
 * fork(): functions return an error number (0 on success) rather than setting errno.
 */
public final class Spawn {
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on 64-bit; room to spare. */
    public static final long FILE_ACTIONS_SIZE = 256;
    public static final long ATTR_SIZE = 512;
    public static final long SIGSET_SIZE = 128;

    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    private static final MethodHandle SPAWN = Native.function("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = Native.function("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = Native.function("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = Native.function("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_OPEN = Native.function("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CHDIR = Native.function("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_INIT = Native.function("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Native.function("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = Native.function("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Native.function("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Native.function("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = Native.function("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = Native.function("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Spawn() {
    }

    public static int posixSpawn(CallState s, MemorySegment pid, MemorySegment path, MemorySegment fileActions,
                                 MemorySegment attr, MemorySegment argv, MemorySegment envp) {
        try {
            return (int) SPAWN.invokeExact(s.segment, pid, path, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsInit(CallState s, MemorySegment actions) {
        try {
            return (int) FA_INIT.invokeExact(s.segment, actions);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsDestroy(CallState s, MemorySegment actions) {
        try {
            return (int) FA_DESTROY.invokeExact(s.segment, actions);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddDup2(CallState s, MemorySegment actions, int fd, int newFd) {
        try {
            return (int) FA_DUP2.invokeExact(s.segment, actions, fd, newFd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddOpen(CallState s, MemorySegment actions, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) FA_OPEN.invokeExact(s.segment, actions, fd, path, flags, mode);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddChdir(CallState s, MemorySegment actions, MemorySegment path) {
        try {
            return (int) FA_CHDIR.invokeExact(s.segment, actions, path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrInit(CallState s, MemorySegment attr) {
        try {
            return (int) ATTR_INIT.invokeExact(s.segment, attr);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrDestroy(CallState s, MemorySegment attr) {
        try {
            return (int) ATTR_DESTROY.invokeExact(s.segment, attr);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetFlags(CallState s, MemorySegment attr, short flags) {
        try {
            return (int) ATTR_SETFLAGS.invokeExact(s.segment, attr, flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetSigmask(CallState s, MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) ATTR_SETSIGMASK.invokeExact(s.segment, attr, sigset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetSigdefault(CallState s, MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) ATTR_SETSIGDEFAULT.invokeExact(s.segment, attr, sigset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sigemptyset(CallState s, MemorySegment sigset) {
        try {
            return (int) SIGEMPTYSET.invokeExact(s.segment, sigset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sigfillset(CallState s, MemorySegment sigset) {
        try {
            return (int) SIGFILLSET.invokeExact(s.segment, sigset);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
