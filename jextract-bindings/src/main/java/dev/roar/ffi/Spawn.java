package dev.roar.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;


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

    private static final MethodHandle SPAWN = Native.words("posix_spawn", 6);
    private static final MethodHandle FA_INIT = Native.words("posix_spawn_file_actions_init", 1);
    private static final MethodHandle FA_DESTROY = Native.words("posix_spawn_file_actions_destroy", 1);
    private static final MethodHandle FA_DUP2 = Native.words("posix_spawn_file_actions_adddup2", 3);
    private static final MethodHandle FA_OPEN = Native.words("posix_spawn_file_actions_addopen", 5);
    private static final MethodHandle FA_CLOSE = Native.words("posix_spawn_file_actions_addclose", 2);
    private static final MethodHandle FA_CLOSEFROM = Native.words("posix_spawn_file_actions_addclosefrom_np", 2);
    private static final MethodHandle FA_CHDIR = Native.words("posix_spawn_file_actions_addchdir_np", 2);
    private static final MethodHandle ATTR_INIT = Native.words("posix_spawnattr_init", 1);
    private static final MethodHandle ATTR_DESTROY = Native.words("posix_spawnattr_destroy", 1);
    private static final MethodHandle ATTR_SETFLAGS = Native.words("posix_spawnattr_setflags", 2);
    private static final MethodHandle ATTR_SETSIGMASK = Native.words("posix_spawnattr_setsigmask", 2);
    private static final MethodHandle ATTR_SETSIGDEFAULT = Native.words("posix_spawnattr_setsigdefault", 2);
    private static final MethodHandle SIGEMPTYSET = Native.words("sigemptyset", 1);
    private static final MethodHandle SIGFILLSET = Native.words("sigfillset", 1);
    private static final MethodHandle SIGDELSET = Native.words("sigdelset", 2);

    private Spawn() {
    }

    public static int posixSpawn(CallState s, MemorySegment pid, MemorySegment path, MemorySegment fileActions,
                                 MemorySegment attr, MemorySegment argv, MemorySegment envp) {
        try {
            return (int) (long) SPAWN.invokeExact(s.segment, Native.word(pid), Native.word(path), Native.word(fileActions), Native.word(attr), Native.word(argv), Native.word(envp));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsInit(CallState s, MemorySegment actions) {
        try {
            return (int) (long) FA_INIT.invokeExact(s.segment, Native.word(actions));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsDestroy(CallState s, MemorySegment actions) {
        try {
            return (int) (long) FA_DESTROY.invokeExact(s.segment, Native.word(actions));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddDup2(CallState s, MemorySegment actions, int fd, int newFd) {
        try {
            return (int) (long) FA_DUP2.invokeExact(s.segment, Native.word(actions), (long) fd, (long) newFd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddOpen(CallState s, MemorySegment actions, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) (long) FA_OPEN.invokeExact(s.segment, Native.word(actions), (long) fd, Native.word(path), (long) flags, (long) mode);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddClose(CallState s, MemorySegment actions, int fd) {
        try {
            return (int) (long) FA_CLOSE.invokeExact(s.segment, Native.word(actions), (long) fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Closes every fd from {@code lowest} up in the child (glibc 2.34+). */
    public static int fileActionsAddCloseFrom(CallState s, MemorySegment actions, int lowest) {
        try {
            return (int) (long) FA_CLOSEFROM.invokeExact(s.segment, Native.word(actions), (long) lowest);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int fileActionsAddChdir(CallState s, MemorySegment actions, MemorySegment path) {
        try {
            return (int) (long) FA_CHDIR.invokeExact(s.segment, Native.word(actions), Native.word(path));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrInit(CallState s, MemorySegment attr) {
        try {
            return (int) (long) ATTR_INIT.invokeExact(s.segment, Native.word(attr));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrDestroy(CallState s, MemorySegment attr) {
        try {
            return (int) (long) ATTR_DESTROY.invokeExact(s.segment, Native.word(attr));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetFlags(CallState s, MemorySegment attr, short flags) {
        try {
            return (int) (long) ATTR_SETFLAGS.invokeExact(s.segment, Native.word(attr), (long) flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetSigmask(CallState s, MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) (long) ATTR_SETSIGMASK.invokeExact(s.segment, Native.word(attr), Native.word(sigset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int attrSetSigdefault(CallState s, MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) (long) ATTR_SETSIGDEFAULT.invokeExact(s.segment, Native.word(attr), Native.word(sigset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sigemptyset(CallState s, MemorySegment sigset) {
        try {
            return (int) (long) SIGEMPTYSET.invokeExact(s.segment, Native.word(sigset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sigfillset(CallState s, MemorySegment sigset) {
        try {
            return (int) (long) SIGFILLSET.invokeExact(s.segment, Native.word(sigset));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int sigdelset(CallState s, MemorySegment sigset, int signal) {
        try {
            return (int) (long) SIGDELSET.invokeExact(s.segment, Native.word(sigset), (long) signal);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
