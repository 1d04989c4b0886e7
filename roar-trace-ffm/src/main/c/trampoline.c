/*
 * roar's ptrace trampoline. bin: trampoline <program> <argv0> [argv1 ...]
 *
 * The tracer spawns this (posix_spawn: the JVM never forks), attaches to it with PTRACE_SEIZE
 * while it waits on fd 3, then sends the seccomp filter down that pipe. The trampoline installs
 * the filter on itself and execs the user's program, so every process of the job runs under the
 * filter from its first instruction, and the filter is in place before anything it traps can run
 * untraced (a SECCOMP_RET_TRACE call with no tracer attached would fail with ENOSYS).
 *
 * Static and libc-free: nothing (no loader, no libc init) runs between the filter and the exec.
 * Protocol on fd 3: u32 count, then count struct sock_filter (8 bytes each). EOF before that means
 * the tracer gave up: exit 125 without running anything. A count of 0 means "no filter, just exec":
 * the eBPF tracer uses the same wait to register the pid in its kernel map before the program runs.
 */
#include <asm/unistd.h>
#include <linux/errno.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#define FILTER_FD 3
#define MAX_INSTRUCTIONS 4096

#if defined(__x86_64__)
static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
/* prctl checks that its unused arguments are 0: pass all five. */
static long sys5(long n, long a, long b, long c, long d, long e) {
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
    return r;
}
__asm__(".globl _start\n_start:\n  mov %rsp, %rdi\n  and $-16, %rsp\n  call trampoline_main\n  hlt\n");
#elif defined(__aarch64__)
static long sys(long n, long a, long b, long c) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}
static long sys5(long n, long a, long b, long c, long d, long e) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
    return x0;
}
__asm__(".globl _start\n_start:\n  mov x0, sp\n  bl trampoline_main\n  brk #0\n");
#else
#error "roar's trampoline supports x86_64 and aarch64"
#endif

static struct sock_filter filter[MAX_INSTRUCTIONS];

static void say(const char *a, const char *b) {
    const char *parts[3] = {a, b, "\n"};
    for (int i = 0; i < 3; i++) {
        long n = 0;
        while (parts[i][n]) n++;
        sys(__NR_write, 2, (long)parts[i], n);
    }
}

static __attribute__((noreturn)) void leave(int code) {
    for (;;) sys(__NR_exit_group, code, 0, 0);
}

static int read_full(void *buffer, long length) {
    char *p = buffer;
    while (length > 0) {
        long n = sys(__NR_read, FILTER_FD, (long)p, length);
        if (n == -EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        length -= n;
    }
    return 0;
}

__attribute__((used)) void trampoline_main(long *stack) {
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    unsigned int count;
    if (argc < 3) {
        say("roar-trampoline: usage: trampoline PROGRAM ARGV0 [ARG...]", "");
        leave(125);
    }
    if (read_full(&count, sizeof count) != 0 || count > MAX_INSTRUCTIONS
            || (count > 0 && read_full(filter, (long)count * sizeof filter[0]) != 0)) {
        leave(125);
    }
    sys(__NR_close, FILTER_FD, 0, 0);

    long r;
    if (count > 0) {
        struct sock_fprog program = {.len = (unsigned short)count, .filter = filter};
        r = sys(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&program);
        if (r == -EACCES) {
            /* Without CAP_SYS_ADMIN the kernel wants no_new_privs first (setuid programs then run unprivileged). */
            sys5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            r = sys(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&program);
        }
        if (r != 0) {
            say("roar-trampoline: cannot install the seccomp filter", "");
            leave(125);
        }
    }
    r = sys(__NR_execve, (long)argv[1], (long)(argv + 2), (long)envp);
    say("roar: cannot execute ", argv[1]);
    leave(r == -ENOENT ? 127 : 126);
}
