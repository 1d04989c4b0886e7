package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * sys/pidfd.h and kcmp(2): taking a copy of another process's file descriptor (the same open file
 * description: shared offset, same file) and asking whether two descriptors are the same description.
 */
public final class Pidfd {
    /** pidfd_open flag: a pidfd for this thread, not its thread group (Linux 6.9+). */
    public static final int PIDFD_THREAD = 0200;
    public static final int SEEK_CUR = 1;
    private static final long SYS_KCMP = "aarch64".equals(System.getProperty("os.arch")) ? 272 : 312;
    private static final long KCMP_FILE = 0;

    private static final MethodHandle OPEN = Native.words("pidfd_open", 2);
    private static final MethodHandle GETFD = Native.words("pidfd_getfd", 3);
    private static final MethodHandle LSEEK = Native.words("lseek", 3);
    private static final MethodHandle DUP = Native.words("dup", 1);
    private static final MethodHandle SYSCALL = Native.function("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private Pidfd() {
    }

    public static int open(CallState s, int pid, int flags) {
        try {
            return (int) (long) OPEN.invokeExact(s.segment, (long) pid, (long) flags);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A close-on-exec copy, in this process, of {@code fd} of the process behind {@code pidfd}. */
    public static int getFd(CallState s, int pidfd, int fd) {
        try {
            return (int) (long) GETFD.invokeExact(s.segment, (long) pidfd, (long) fd, 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The description's current offset (shared by every copy of it). */
    public static long position(CallState s, int fd) {
        try {
            return (long) LSEEK.invokeExact(s.segment, (long) fd, 0L, (long) SEEK_CUR);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int dup(CallState s, int fd) {
        try {
            return (int) (long) DUP.invokeExact(s.segment, (long) fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** 0 when {@code fd1} of {@code pid1} and {@code fd2} of {@code pid2} are the same open file description. */
    public static int compareFiles(CallState s, int pid1, int pid2, int fd1, int fd2) {
        try {
            return (int) (long) SYSCALL.invokeExact(s.segment, SYS_KCMP, (long) pid1, (long) pid2, KCMP_FILE, (long) fd1, (long) fd2);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void link() {
    }
}
