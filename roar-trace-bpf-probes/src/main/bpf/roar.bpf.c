// SPDX-License-Identifier: GPL-2.0
/*
 * roar's eBPF probes: the same tracing contract as the ptrace backend, without stopping anything.
 *
 * Who is traced: the `tracked` map of thread ids. Java inserts the first process (a trampoline that
 * waits until then), and sched_process_fork inserts every child of a tracked task from the kernel,
 * so a process that lives for a microsecond is still seen.
 *
 * What is hooked: the syscalls:sys_enter_X/sys_exit_X tracepoints of the contract's syscalls (these
 * need tracefs: the loader mounts it when missing), and sched_process_fork/exec/exit (tp_btf). read/write and friends are NOT hooked: like the ptrace backend, reads
 * and writes are inferred from the open file's position, size and mtime, read here from the struct
 * file when the fd goes away (close, dup2 over it, exec, exit). A loop of a million 1-byte writes thus
 * costs no event at all, and the syscalls of untraced processes pay one bitmap test.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "roar_events.h"

char LICENSE[] SEC("license") = "GPL";

#define AT_FDCWD -100
#define O_CREAT 0100
#define F_DUPFD 0
#define F_DUPFD_CLOEXEC 1030
#define O_CLOEXEC 02000000
#define AT_REMOVEDIR 0x200
#define RENAME_EXCHANGE 2
#define CLOSE_RANGE_CLOEXEC 4
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_TYPE 0xf
#define MAP_PRIVATE 2
#define S_IFMT 00170000
#define S_IFREG 0100000
/* fmode_t bit set by the VFS when an open created its file (include/linux/fs.h). */
#define FMODE_CREATED 0x100000

/* x86_64 syscall numbers of the contract. */
#define NR_open 2
#define NR_close 3
#define NR_mmap 9
#define NR_pread64 17
#define NR_dup 32
#define NR_dup2 33
#define NR_sendfile64 40 /* sendfile: its tracepoints are named sendfile64 */
#define NR_execve 59
#define NR_fcntl 72
#define NR_truncate 76
#define NR_ftruncate 77
#define NR_chdir 80
#define NR_fchdir 81
#define NR_rename 82
#define NR_creat 85
#define NR_link 86
#define NR_unlink 87
#define NR_openat 257
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_linkat 265
#define NR_splice 275
#define NR_dup3 292
#define NR_preadv 295
#define NR_renameat2 316
#define NR_execveat 322
#define NR_copy_file_range 326
#define NR_preadv2 327
#define NR_close_range 436
#define NR_openat2 437

#define MAX_PROBED_FDS 65536

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 65536);
    __type(key, __u32);
    __type(value, __u8);
} tracked SEC(".maps");


/* pread de-duplication: one READ per open file description (a loop of preads emits one event). */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, __u64);
    __type(value, __u8);
} read_seen SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 << 20);
} events SEC(".maps");

/* [0] = records the ring buffer had no room for. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} dropped SEC(".maps");

struct scratch {
    struct roar_event e;
    char data[2 * ROAR_PATH_MAX];
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct scratch);
} scratch_space SEC(".maps");

/* inode timestamps moved in 6.11 (i_mtime_sec/i_mtime_nsec) and 6.6 (__i_mtime): read whichever exists. */
struct inode___pre611 {
    struct timespec64 __i_mtime;
} __attribute__((preserve_access_index));

struct inode___pre66 {
    struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

static __always_inline int is_tracked(__u32 tid)
{
    return bpf_map_lookup_elem(&tracked, &tid) != NULL;
}

static __always_inline struct scratch *begin(__u32 kind, __u32 tid)
{
    __u32 zero = 0;
    struct scratch *s = bpf_map_lookup_elem(&scratch_space, &zero);
    if (!s)
        return NULL;
    __builtin_memset(&s->e, 0, sizeof(s->e));
    s->e.kind = kind;
    s->e.tid = tid;
    return s;
}

/*
 * Waking the consumer for every record costs the traced process an irq_work and a cross-CPU wakeup
 * each time (measured: close went from ~1 us to ~5.6 us of BPF time). The consumer polls every few ms
 * instead, and is woken early only when the ring is filling up.
 */
#define WAKE_AT (2 << 20)

static __always_inline void submit(struct scratch *s)
{
    __u64 size = sizeof(struct roar_event) + (__u64)s->e.len1 + (__u64)s->e.len2;
    if (size > sizeof(struct scratch))
        return;
    __u64 flags = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > WAKE_AT ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
    if (bpf_ringbuf_output(&events, s, size, flags) != 0) {
        __u32 zero = 0;
        __u64 *count = bpf_map_lookup_elem(&dropped, &zero);
        if (count)
            __sync_fetch_and_add(count, 1);
    }
}

/* Reads a user string into path1 (second = 0) or path2; returns its length without the NUL, or -1. */
static __always_inline int user_path(struct scratch *s, const char *address, int second)
{
    long n;
    if (!second) {
        n = bpf_probe_read_user_str(s->data, ROAR_PATH_MAX, address);
        if (n <= 0)
            return -1;
        s->e.len1 = (__u16)(n - 1);
    } else {
        __u32 offset = s->e.len1 & (ROAR_PATH_MAX - 1);
        n = bpf_probe_read_user_str(s->data + offset, ROAR_PATH_MAX, address);
        if (n <= 0)
            return -1;
        s->e.len2 = (__u16)(n - 1);
    }
    return (int)(n - 1);
}

static __always_inline struct file *file_of(struct task_struct *task, int fd)
{
    struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
    if (!fdt || fd < 0)
        return NULL;
    unsigned int max = BPF_CORE_READ(fdt, max_fds);
    if ((unsigned int)fd >= max)
        return NULL;
    struct file **array = BPF_CORE_READ(fdt, fd);
    struct file *file = NULL;
    bpf_probe_read_kernel(&file, sizeof(file), &array[fd]);
    return file;
}

static __always_inline __u64 mtime_ns(struct inode *inode)
{
    if (bpf_core_field_exists(inode->i_mtime_sec)) {
        __s64 sec = BPF_CORE_READ(inode, i_mtime_sec);
        __u32 nsec = BPF_CORE_READ(inode, i_mtime_nsec);
        return (__u64)sec * 1000000000ULL + nsec;
    }
    struct inode___pre611 *mid = (void *)inode;
    if (bpf_core_field_exists(mid->__i_mtime)) {
        return (__u64)BPF_CORE_READ(mid, __i_mtime.tv_sec) * 1000000000ULL + BPF_CORE_READ(mid, __i_mtime.tv_nsec);
    }
    struct inode___pre66 *old = (void *)inode;
    return (__u64)BPF_CORE_READ(old, i_mtime.tv_sec) * 1000000000ULL + BPF_CORE_READ(old, i_mtime.tv_nsec);
}

/* The state of a regular file's open description before its fd goes away. */
static __noinline int probe_fd(struct task_struct *task, __u32 tid, int fd)
{
    struct file *file = file_of(task, fd);
    if (!file)
        return 0;
    struct inode *inode = BPF_CORE_READ(file, f_inode);
    if (!inode || (BPF_CORE_READ(inode, i_mode) & S_IFMT) != S_IFREG)
        return 0;
    struct scratch *s = begin(ROAR_PROBE, tid);
    if (!s)
        return 0;
    s->e.i0 = fd;
    s->e.x0 = BPF_CORE_READ(file, f_pos);
    s->e.x1 = BPF_CORE_READ(inode, i_size);
    s->e.x2 = mtime_ns(inode);
    submit(s);
    return 0;
}

struct probe_all_ctx {
    struct task_struct *task;
    unsigned long *open_fds;
    __u32 tid;
    __u32 first;
};

static long probe_one(__u32 index, struct probe_all_ctx *ctx)
{
    __u32 fd = ctx->first + index;
    unsigned long word = 0;
    bpf_probe_read_kernel(&word, sizeof(word), &ctx->open_fds[fd / 64]);
    if (word & (1UL << (fd % 64)))
        probe_fd(ctx->task, ctx->tid, (int)fd);
    return 0;
}

/* The open regular files among fds first..last (all of them before exec drops close-on-exec fds, and at exit). */
static __always_inline void probe_range(struct task_struct *task, __u32 tid, __u32 first, __u32 last)
{
    struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
    if (!fdt)
        return;
    struct probe_all_ctx ctx = {
        .task = task,
        .open_fds = BPF_CORE_READ(fdt, open_fds),
        .tid = tid,
        .first = first,
    };
    __u32 max = BPF_CORE_READ(fdt, max_fds);
    if (max == 0 || first >= max)
        return;
    if (last >= max)
        last = max - 1;
    __u32 count = last - first + 1;
    if (count > MAX_PROBED_FDS)
        count = MAX_PROBED_FDS;
    bpf_loop(count, probe_one, &ctx, 0);
}

static __always_inline void simple(__u32 kind, __u32 tid, int i0, int i1, __u32 u0)
{
    struct scratch *s = begin(kind, tid);
    if (!s)
        return;
    s->e.i0 = i0;
    s->e.i1 = i1;
    s->e.u0 = u0;
    submit(s);
}

/* The layout of every syscalls:sys_enter_* / sys_exit_* tracepoint record (see their tracefs format files). */
struct syscall_enter {
    __u64 common;
    __s32 nr;
    __s32 pad;
    __u64 args[6];
};

struct syscall_exit {
    __u64 common;
    __s32 nr;
    __s32 pad;
    __s64 ret;
};

/* Inlined into one program per syscall with nr a constant, so each program keeps only its own case. */
/* Only the calls that must act before the kernel does (an fd about to go away) have an enter program. */
static __always_inline int on_enter(long nr, int nargs, struct syscall_enter *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    if (!is_tracked(tid))
        return 0;
    /* Only the syscall's own arguments: the kernel refuses to attach a program that reads past its record. */
    __u64 args[3] = {};
    for (int i = 0; i < 3; i++)
        if (i < nargs)
            args[i] = ctx->args[i];
    struct task_struct *task = bpf_get_current_task_btf();

    switch (nr) {
    case NR_close:
        probe_fd(task, tid, (int)args[0]);
        simple(ROAR_CLOSE, tid, (int)args[0], 0, 0);
        break;
    case NR_close_range:
        if (args[2] & CLOSE_RANGE_CLOEXEC)
            break;
        if ((__u32)args[0] <= (__u32)args[1])
            probe_range(task, tid, (__u32)args[0], (__u32)args[1]);
        simple(ROAR_CLOSE_RANGE, tid, (int)args[0], (int)args[1], 0);
        break;
    case NR_execve:
    case NR_execveat:
        probe_range(task, tid, 0, 0xffffffff); /* close-on-exec fds vanish inside a successful exec */
        break;
    case NR_dup2:
    case NR_dup3:
        if (args[0] != args[1])
            probe_fd(task, tid, (int)args[1]); /* dup2 over an open fd closes it */
        break;
    default:
        break;
    }
    return 0;
}

static __always_inline void opened(struct task_struct *task, __u32 tid, int dirfd, const char *path, __u32 flags, int fd)
{
    struct scratch *s = begin(ROAR_OPEN, tid);
    if (!s || user_path(s, path, 0) < 0)
        return;
    s->e.i0 = fd;
    s->e.i1 = dirfd;
    s->e.u0 = flags;
    struct file *file = file_of(task, fd);
    if (file) {
        struct inode *inode = BPF_CORE_READ(file, f_inode);
        if (inode && (BPF_CORE_READ(inode, i_mode) & S_IFMT) == S_IFREG) {
            s->e.i2 |= 1;
            s->e.x1 = BPF_CORE_READ(inode, i_size);
            s->e.x2 = mtime_ns(inode);
        }
        if (BPF_CORE_READ(file, f_mode) & FMODE_CREATED)
            s->e.i2 |= 2;
    }
    submit(s);
}

static __always_inline void two_paths(__u32 kind, __u32 tid, int from_dir, const char *from, int to_dir, const char *to, __u32 flags)
{
    struct scratch *s = begin(kind, tid);
    if (!s || user_path(s, from, 0) < 0 || user_path(s, to, 1) < 0)
        return;
    s->e.i0 = from_dir;
    s->e.i1 = to_dir;
    s->e.u0 = flags;
    submit(s);
}

static __always_inline void one_path(__u32 kind, __u32 tid, int dirfd, const char *path)
{
    struct scratch *s = begin(kind, tid);
    if (!s || user_path(s, path, 0) < 0)
        return;
    s->e.i1 = dirfd;
    submit(s);
}

static __always_inline void transfer(__u32 tid, int from, int to, long bytes)
{
    struct scratch *s = begin(ROAR_READ, tid);
    if (!s)
        return;
    s->e.i0 = from;
    s->e.x0 = bytes;
    submit(s);
    simple(ROAR_WRITE, tid, to, 0, 0);
}

/*
 * At exit the arguments are still in the task's saved user registers (x86_64: di si dx r10 r8 r9; the
 * kernel does not change them), so no enter program has to stash them.
 */
static __always_inline int on_exit(long nr, long ret)
{
    if (nr == NR_mmap ? (unsigned long)ret >= (unsigned long)-4095L : ret < 0)
        return 0; /* only successful calls count */
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    if (!is_tracked(tid))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
    __u64 a[6] = {regs->di, regs->si, regs->dx, regs->r10, regs->r8, regs->r9};

    switch (nr) {
    case NR_open:
        opened(task, tid, AT_FDCWD, (const char *)a[0], (__u32)a[1], (int)ret);
        break;
    case NR_creat:
        opened(task, tid, AT_FDCWD, (const char *)a[0], 01101 /* O_CREAT|O_WRONLY|O_TRUNC */, (int)ret);
        break;
    case NR_openat:
        opened(task, tid, (int)a[0], (const char *)a[1], (__u32)a[2], (int)ret);
        break;
    case NR_openat2: {
        __u64 flags = 0;
        bpf_probe_read_user(&flags, sizeof(flags), (void *)a[2]);
        opened(task, tid, (int)a[0], (const char *)a[1], (__u32)flags, (int)ret);
        break;
    }
    case NR_dup:
        simple(ROAR_DUP, tid, (int)a[0], (int)ret, 0);
        break;
    case NR_dup2:
        simple(ROAR_DUP, tid, (int)a[0], (int)a[1], 0);
        break;
    case NR_dup3:
        simple(ROAR_DUP, tid, (int)a[0], (int)a[1], (a[2] & O_CLOEXEC) != 0);
        break;
    case NR_fcntl:
        if ((int)a[1] == F_DUPFD || (int)a[1] == F_DUPFD_CLOEXEC)
            simple(ROAR_DUP, tid, (int)a[0], (int)ret, (int)a[1] == F_DUPFD_CLOEXEC);
        break;
    case NR_mmap: {
        if ((int)a[4] < 0)
            break; /* anonymous memory is not a file */
        __u32 bits = (a[2] & PROT_READ) ? 1 : 0;
        if ((a[3] & MAP_TYPE) != MAP_PRIVATE && (a[2] & PROT_WRITE))
            bits |= 2;
        simple(ROAR_MMAP, tid, (int)a[4], 0, bits);
        break;
    }
    case NR_pread64:
    case NR_preadv:
    case NR_preadv2: {
        if (ret == 0 || (int)a[0] < 3)
            break;
        struct file *file = file_of(task, (int)a[0]);
        __u64 key = (__u64)file;
        __u8 one = 1;
        if (file && bpf_map_update_elem(&read_seen, &key, &one, BPF_NOEXIST) != 0)
            break; /* this description's read is already reported */
        struct scratch *s = begin(ROAR_READ, tid);
        if (!s)
            break;
        s->e.i0 = (int)a[0];
        s->e.x0 = ret;
        submit(s);
        break;
    }
    case NR_sendfile64:
        if (ret > 0)
            transfer(tid, (int)a[1], (int)a[0], ret);
        break;
    case NR_splice:
    case NR_copy_file_range:
        if (ret > 0)
            transfer(tid, (int)a[0], (int)a[2], ret);
        break;
    case NR_rename:
        two_paths(ROAR_RENAME, tid, AT_FDCWD, (const char *)a[0], AT_FDCWD, (const char *)a[1], 0);
        break;
    case NR_renameat:
        two_paths(ROAR_RENAME, tid, (int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], 0);
        break;
    case NR_renameat2:
        two_paths(ROAR_RENAME, tid, (int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], (__u32)a[4]);
        break;
    case NR_link:
        two_paths(ROAR_LINK, tid, AT_FDCWD, (const char *)a[0], AT_FDCWD, (const char *)a[1], 0);
        break;
    case NR_linkat:
        two_paths(ROAR_LINK, tid, (int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], 0);
        break;
    case NR_unlink:
        one_path(ROAR_UNLINK, tid, AT_FDCWD, (const char *)a[0]);
        break;
    case NR_unlinkat:
        if (!(a[2] & AT_REMOVEDIR))
            one_path(ROAR_UNLINK, tid, (int)a[0], (const char *)a[1]);
        break;
    case NR_truncate:
        one_path(ROAR_TRUNCATE, tid, AT_FDCWD, (const char *)a[0]);
        break;
    case NR_ftruncate:
        simple(ROAR_TRUNCATE, tid, (int)a[0], 0, 1);
        break;
    case NR_chdir:
        one_path(ROAR_CHDIR, tid, AT_FDCWD, (const char *)a[0]);
        break;
    case NR_fchdir:
        simple(ROAR_CHDIR, tid, (int)a[0], 0, 1);
        break;
    default:
        break;
    }
    return 0;
}

/*
 * One program per syscall, attached to syscalls:sys_enter_<name> / sys_exit_<name>: the kernel runs
 * them for those syscalls only. (A raw sys_enter/sys_exit hook runs for every syscall of every
 * process and costs 10-15% on a syscall-heavy command even when it returns at once; measured.)
 */
#define ENTER(name, nargs) \
    SEC("tracepoint/syscalls/sys_enter_" #name) \
    int enter_##name(struct syscall_enter *ctx) { return on_enter(NR_##name, nargs, ctx); }
#define EXIT(name) \
    SEC("tracepoint/syscalls/sys_exit_" #name) \
    int exit_##name(struct syscall_exit *ctx) { return on_exit(NR_##name, ctx->ret); }
/* name, argument count (as in the tracepoint's format file; at most the first 3 are read) */
ENTER(close, 1) ENTER(close_range, 3) ENTER(execve, 3) ENTER(execveat, 3) ENTER(dup2, 2) ENTER(dup3, 3)
EXIT(open) EXIT(creat) EXIT(openat) EXIT(openat2)
EXIT(dup) EXIT(dup2) EXIT(dup3) EXIT(fcntl) EXIT(mmap)
EXIT(pread64) EXIT(preadv) EXIT(preadv2) EXIT(sendfile64) EXIT(splice) EXIT(copy_file_range)
EXIT(rename) EXIT(renameat) EXIT(renameat2) EXIT(link) EXIT(linkat) EXIT(unlink) EXIT(unlinkat)
EXIT(truncate) EXIT(ftruncate) EXIT(chdir) EXIT(fchdir)

SEC("tp_btf/sched_process_fork")
int BPF_PROG(roar_fork, struct task_struct *parent, struct task_struct *child)
{
    __u32 parent_tid = BPF_CORE_READ(parent, pid);
    if (!is_tracked(parent_tid))
        return 0;
    __u32 child_tid = BPF_CORE_READ(child, pid);
    __u8 one = 1;
    bpf_map_update_elem(&tracked, &child_tid, &one, BPF_ANY);
    __u32 shares = 0;
    if (BPF_CORE_READ(child, files) == BPF_CORE_READ(parent, files))
        shares |= 1;
    if (BPF_CORE_READ(child, fs) == BPF_CORE_READ(parent, fs))
        shares |= 2;
    simple(ROAR_FORK, parent_tid, (int)child_tid, 0, shares);
    return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(roar_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
    __u32 tid = BPF_CORE_READ(task, pid);
    if (!is_tracked(tid) && !is_tracked((__u32)old_pid))
        return 0;
    if ((__u32)old_pid != tid) {
        __u32 old = (__u32)old_pid;
        bpf_map_delete_elem(&tracked, &old);
        __u8 one = 1;
        bpf_map_update_elem(&tracked, &tid, &one, BPF_ANY);
    }
    struct scratch *s = begin(ROAR_EXEC, tid);
    if (!s)
        return 0;
    s->e.i0 = old_pid;
    const char *filename = BPF_CORE_READ(bprm, filename);
    long n = bpf_probe_read_kernel_str(s->data, ROAR_PATH_MAX, filename);
    if (n <= 0)
        return 0;
    s->e.len1 = (__u16)(n - 1);
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    unsigned long start = BPF_CORE_READ(mm, arg_start);
    unsigned long end = BPF_CORE_READ(mm, arg_end);
    __u64 length = end > start ? end - start : 0;
    if (length > ROAR_PATH_MAX - 1)
        length = ROAR_PATH_MAX - 1;
    __u32 offset = s->e.len1 & (ROAR_PATH_MAX - 1);
    if (length > 0 && bpf_probe_read_user(s->data + offset, length & (ROAR_PATH_MAX - 1), (void *)start) == 0)
        s->e.len2 = (__u16)length;
    submit(s);
    return 0;
}

struct signal_struct___pre60 {
    struct task_struct *group_exit_task;
} __attribute__((preserve_access_index));

/*
 * A thread other than the leader exec'd: the old leader dies here, but its pid lives on in the exec'ing
 * thread (sched_process_exec follows, reporting the thread's former tid). Not an exit of the process.
 */
static __always_inline int leader_replaced_by_exec(struct task_struct *task)
{
    if (BPF_CORE_READ(task, pid) != BPF_CORE_READ(task, tgid))
        return 0;
    struct signal_struct *signal = BPF_CORE_READ(task, signal);
    struct task_struct *execing;
    if (bpf_core_field_exists(signal->group_exec_task)) {
        execing = BPF_CORE_READ(signal, group_exec_task);
    } else {
        struct signal_struct___pre60 *old = (void *)signal;
        execing = BPF_CORE_READ(old, group_exit_task);
    }
    return execing != NULL && execing != task;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(roar_exit, struct task_struct *task)
{
    __u32 tid = BPF_CORE_READ(task, pid);
    if (!is_tracked(tid))
        return 0;
    if (leader_replaced_by_exec(task))
        return 0;
    /* Still has its fds here (exit_files comes later in do_exit): the last look at what they did. */
    probe_range(task, tid, 0, 0xffffffff);
    bpf_map_delete_elem(&tracked, &tid);
    simple(ROAR_EXIT, tid, 0, 0, 0);
    return 0;
}
