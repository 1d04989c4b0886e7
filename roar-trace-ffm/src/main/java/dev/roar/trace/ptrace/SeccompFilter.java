package dev.roar.trace.ptrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the classic-BPF program the trampoline installs: SECCOMP_RET_TRACE for the contract's
 * syscalls (with argument checks where most calls are irrelevant), SECCOMP_RET_ALLOW for everything
 * else, which then runs at native speed.
 */
final class SeccompFilter {
    private static final int BPF_LD_W_ABS = 0x20;
    private static final int BPF_JEQ_K = 0x15;
    private static final int BPF_JGE_K = 0x35;
    private static final int BPF_RET_K = 0x06;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_TRACE = 0x7ff00000;
    static final int F_OFD_SETLK = 37;
    static final int F_OFD_SETLKW = 38;

    // struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]; (little-endian: low word first)
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;

    private static int argLow(int index) {
        return 16 + 8 * index;
    }

    record Instruction(int code, int jt, int jf, int k) {
    }

    private SeccompFilter() {
    }

    /**
     * {@code stopOnClose}: whether close(2) stops the tracee; not needed when the backend holds its own
     * copies of the tracee's open files (see HeldFiles).
     */
    static List<Instruction> program(SyscallTable table, boolean stopOnClose) {
        List<Instruction> out = new ArrayList<>();
        // Holding copies (no stop on close) needs the lock calls instead: see HeldFiles.
        List<Syscall> order = java.util.Arrays.stream(Syscall.values())
                .filter(syscall -> stopOnClose ? syscall != Syscall.FLOCK : syscall != Syscall.CLOSE).toList();
        // Layout (classic BPF only jumps forward, so each argument check carries its own returns):
        // [0 load arch][1 arch check][2 load nr][one JEQ per syscall][allow][trace]
        // [fd check: load arg0, JGE 3, trace, allow][mmap check: load arg4, JEQ -1, trace, allow]
        // [fcntl check: load arg1, JEQ F_DUPFD, JEQ F_DUPFD_CLOEXEC, JEQ F_OFD_SETLK, JEQ F_OFD_SETLKW, trace, allow]
        int allowAt = 3 + order.size();
        int traceAt = allowAt + 1;
        int fdCheckAt = traceAt + 1;
        int mmapCheckAt = fdCheckAt + 4;
        int fcntlCheckAt = mmapCheckAt + 4;

        out.add(new Instruction(BPF_LD_W_ABS, 0, 0, OFFSET_ARCH));
        // Other ABIs (i386 int 0x80 from a 64-bit process) are let through: a known blind spot.
        out.add(new Instruction(BPF_JEQ_K, 0, jump(1, allowAt), table.auditArch()));
        out.add(new Instruction(BPF_LD_W_ABS, 0, 0, OFFSET_NR));
        for (int i = 0; i < order.size(); i++) {
            Syscall syscall = order.get(i);
            int target = switch (syscall.trap) {
                case ALWAYS -> traceAt;
                case FD_AT_LEAST_3 -> fdCheckAt;
                case MMAP_OF_FILE -> mmapCheckAt;
                case FCNTL_DUPFD -> fcntlCheckAt;
            };
            out.add(new Instruction(BPF_JEQ_K, jump(3 + i, target), 0, table.number(syscall)));
        }
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_ALLOW));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_TRACE));

        out.add(new Instruction(BPF_LD_W_ABS, 0, 0, argLow(0)));
        out.add(new Instruction(BPF_JGE_K, 0, 1, 3));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_TRACE));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_ALLOW));

        out.add(new Instruction(BPF_LD_W_ABS, 0, 0, argLow(4)));
        out.add(new Instruction(BPF_JEQ_K, 1, 0, 0xffffffff));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_TRACE));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_ALLOW));

        int lockTrap = stopOnClose ? -1 : F_OFD_SETLK; // never matches a command when unused
        int lockWaitTrap = stopOnClose ? -1 : F_OFD_SETLKW;
        out.add(new Instruction(BPF_LD_W_ABS, 0, 0, argLow(1)));
        out.add(new Instruction(BPF_JEQ_K, 3, 0, 0));       // F_DUPFD
        out.add(new Instruction(BPF_JEQ_K, 2, 0, 1030));    // F_DUPFD_CLOEXEC
        out.add(new Instruction(BPF_JEQ_K, 1, 0, lockTrap));
        out.add(new Instruction(BPF_JEQ_K, 0, 1, lockWaitTrap));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_TRACE));
        out.add(new Instruction(BPF_RET_K, 0, 0, RET_ALLOW));
        if (out.size() != fcntlCheckAt + 7) {
            throw new IllegalStateException("seccomp program layout is off");
        }
        return List.copyOf(out);
    }

    /** Classic BPF jumps are relative to the next instruction and must go forward. */
    private static int jump(int from, int to) {
        int offset = to - from - 1;
        if (offset < 0 || offset > 255) {
            throw new IllegalStateException("BPF jump out of range: " + from + " -> " + to);
        }
        return offset;
    }

    /** The trampoline's wire format: u32 count, then struct sock_filter {u16 code; u8 jt; u8 jf; u32 k}. */
    static byte[] encode(List<Instruction> program) {
        ByteBuffer out = ByteBuffer.allocate(8 * program.size()).order(ByteOrder.nativeOrder());
        for (Instruction i : program) {
            out.putShort((short) i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        }
        return out.array();
    }
}
