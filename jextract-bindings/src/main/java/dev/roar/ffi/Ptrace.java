package dev.roar.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** sys/ptrace.h and linux/ptrace.h. glibc's ptrace is variadic after the request. */
public final class Ptrace {
    public static final int PTRACE_CONT = 7;
    public static final int PTRACE_KILL = 8;
    public static final int PTRACE_SYSCALL = 24;
    public static final int PTRACE_GETEVENTMSG = 0x4201;
    public static final int PTRACE_SEIZE = 0x4206;
    public static final int PTRACE_INTERRUPT = 0x4207;
    public static final int PTRACE_LISTEN = 0x4208;
    public static final int PTRACE_GET_SYSCALL_INFO = 0x420e;

    public static final int PTRACE_EVENT_FORK = 1;
    public static final int PTRACE_EVENT_VFORK = 2;
    public static final int PTRACE_EVENT_CLONE = 3;
    public static final int PTRACE_EVENT_EXEC = 4;
    public static final int PTRACE_EVENT_VFORK_DONE = 5;
    public static final int PTRACE_EVENT_EXIT = 6;
    public static final int PTRACE_EVENT_SECCOMP = 7;
    public static final int PTRACE_EVENT_STOP = 128;

    public static final long PTRACE_O_TRACESYSGOOD = 1;
    public static final long PTRACE_O_TRACEFORK = 1 << PTRACE_EVENT_FORK;
    public static final long PTRACE_O_TRACEVFORK = 1 << PTRACE_EVENT_VFORK;
    public static final long PTRACE_O_TRACECLONE = 1 << PTRACE_EVENT_CLONE;
    public static final long PTRACE_O_TRACEEXEC = 1 << PTRACE_EVENT_EXEC;
    public static final long PTRACE_O_TRACEEXIT = 1 << PTRACE_EVENT_EXIT;
    public static final long PTRACE_O_TRACESECCOMP = 1 << PTRACE_EVENT_SECCOMP;
    public static final long PTRACE_O_EXITKILL = 1 << 20;

    public static final byte PTRACE_SYSCALL_INFO_NONE = 0;
    public static final byte PTRACE_SYSCALL_INFO_ENTRY = 1;
    public static final byte PTRACE_SYSCALL_INFO_EXIT = 2;
    public static final byte PTRACE_SYSCALL_INFO_SECCOMP = 3;

    /** struct ptrace_syscall_info; the entry/seccomp/exit union starts at 24. */
    public static final StructLayout SYSCALL_INFO = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"), MemoryLayout.paddingLayout(3), JAVA_INT.withName("arch"),
            JAVA_LONG.withName("instruction_pointer"), JAVA_LONG.withName("stack_pointer"),
            JAVA_LONG.withName("nr"), MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args"),
            JAVA_INT.withName("ret_data"), MemoryLayout.paddingLayout(4));
    public static final long INFO_OP = 0;
    public static final long INFO_NR = 24;
    /** exit.rval shares the union's first word with nr; exit.is_error follows it. */
    public static final long INFO_RVAL = 24;
    public static final long INFO_IS_ERROR = 32;
    public static final long INFO_ARGS = 32;
    public static final long INFO_RET_DATA = 80;

    private static final MethodHandle PTRACE = Native.function("ptrace",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Linker.Option.firstVariadicArg(1));

    private Ptrace() {
    }

    public static long ptrace(CallState s, int request, int pid, long addr, long data) {
        try {
            return (long) PTRACE.invokeExact(s.segment, request, pid, MemorySegment.ofAddress(addr), MemorySegment.ofAddress(data));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long ptrace(CallState s, int request, int pid, long addr, MemorySegment data) {
        try {
            return (long) PTRACE.invokeExact(s.segment, request, pid, MemorySegment.ofAddress(addr), data);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs this class's static initializer, which links its native calls. */
    static void link() {
    }
}
