package dev.roar.trace.ptrace;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static dev.roar.trace.ptrace.Syscall.*;

/** Syscall numbers of one architecture, both ways. */
record SyscallTable(String arch, int auditArch, Map<Syscall, Integer> numbers, Syscall[] byNumber) {
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;

    static SyscallTable x86_64() {
        Map<Syscall, Integer> n = new EnumMap<>(Syscall.class);
        n.put(OPEN, 2); n.put(CLOSE, 3); n.put(MMAP, 9); n.put(PREAD64, 17);
        n.put(DUP, 32); n.put(DUP2, 33); n.put(SENDFILE, 40); n.put(CLONE, 56);
        n.put(EXECVE, 59); n.put(FCNTL, 72); n.put(FLOCK, 73); n.put(TRUNCATE, 76); n.put(FTRUNCATE, 77);
        n.put(CHDIR, 80); n.put(FCHDIR, 81); n.put(RENAME, 82); n.put(CREAT, 85); n.put(LINK, 86); n.put(UNLINK, 87);
        n.put(OPENAT, 257); n.put(UNLINKAT, 263); n.put(RENAMEAT, 264); n.put(LINKAT, 265); n.put(SPLICE, 275);
        n.put(DUP3, 292); n.put(PREADV, 295); n.put(RENAMEAT2, 316); n.put(EXECVEAT, 322);
        n.put(COPY_FILE_RANGE, 326); n.put(PREADV2, 327); n.put(CLONE3, 435);
        n.put(CLOSE_RANGE, 436); n.put(OPENAT2, 437);
        return of("x86_64", AUDIT_ARCH_X86_64, n);
    }

    static Optional<SyscallTable> forThisMachine() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of(x86_64());
            default -> Optional.empty();
        };
    }

    private static SyscallTable of(String arch, int auditArch, Map<Syscall, Integer> numbers) {
        if (numbers.size() != Syscall.values().length) {
            throw new IllegalStateException(arch + " table misses syscalls");
        }
        int max = numbers.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Syscall[] byNumber = new Syscall[max + 1];
        numbers.forEach((syscall, number) -> byNumber[number] = syscall);
        return new SyscallTable(arch, auditArch, Map.copyOf(numbers), byNumber);
    }

    Syscall syscall(long number) {
        return number >= 0 && number < byNumber.length ? byNumber[(int) number] : null;
    }

    int number(Syscall syscall) {
        return numbers.get(syscall);
    }
}
