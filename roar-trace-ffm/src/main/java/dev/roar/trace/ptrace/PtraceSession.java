package dev.roar.trace.ptrace;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Ptrace;
import dev.roar.ffi.Signals;
import dev.roar.ffi.Stat;
import dev.roar.ffi.Unistd;
import dev.roar.ffi.Wait;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.TracedProcess;
import dev.roar.trace.launch.GatedSpawn;
import dev.roar.trace.launch.HeldCommand;
import dev.roar.trace.launch.StandbyThread;
import dev.roar.trace.classify.OpenFlags;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;
import dev.roar.trace.files.FileStat;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.roar.trace.event.TraceEvent.AT_FDCWD;

/**
 * One traced run, driven entirely from one platform thread: ptrace only answers the thread that
 * attached, and waiting with __WNOTHREAD on that thread never reaps the JDK's own children.
 *
 * <p>Stops: the seccomp filter stops a task at the entry of a contract syscall (PTRACE_EVENT_SECCOMP).
 * Calls whose result matters are resumed with PTRACE_SYSCALL, which (since Linux 4.8, where the
 * seccomp check follows the entry stop) stops next at that call's exit; the rest with PTRACE_CONT.
 * Fork, clone, exec and exit come from ptrace options, not from the filter.
 */
final class PtraceSession {
    private static final long OPTIONS = Ptrace.PTRACE_O_TRACESYSGOOD | Ptrace.PTRACE_O_TRACEFORK
            | Ptrace.PTRACE_O_TRACEVFORK | Ptrace.PTRACE_O_TRACECLONE | Ptrace.PTRACE_O_TRACEEXEC
            | Ptrace.PTRACE_O_TRACESECCOMP | Ptrace.PTRACE_O_TRACEEXIT | Ptrace.PTRACE_O_EXITKILL;
    private static final long CLONE_FS = 0x200;
    private static final long CLONE_FILES = 0x400;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int RENAME_EXCHANGE = 2;
    private static final int CLOSE_RANGE_CLOEXEC = 4;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int O_PATH = 010000000;
    private static final int O_DIRECTORY = 0200000;

    /** A syscall seen at its seccomp stop, waiting for its exit stop. */
    private record Pending(Syscall syscall, long[] args, boolean existedBefore, byte[] path) {
        Pending(Syscall syscall, long[] args, boolean existedBefore) {
            this(syscall, args, existedBefore, null);
        }
    }

    /** An O_CREAT open's path, read at entry, and whether something existed there before the call. */
    private record Target(byte[] path, boolean exists) {
    }

    private record ExecCall(int dirFd, byte[] path) {
    }

    private final SyscallTable table;
    private final byte[] filter;
    private final Consumer<TraceEvent> events;
    private final CallState state = new CallState();
    private final TraceeMemory memory = new TraceeMemory(state);
    private final MemorySegment status = state.arena().allocate(ValueLayout.JAVA_INT);
    private final MemorySegment info = state.arena().allocate(Ptrace.SYSCALL_INFO);
    private final MemorySegment message = state.arena().allocate(ValueLayout.JAVA_LONG);
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<Integer, Integer> cwdFds = new HashMap<>();
    private final byte[] cmdline = new byte[128 * 1024];
    private final MemorySegment pathBuffer = state.arena().allocate(TraceeMemory.PATH_MAX + 1);
    private final byte[] fdinfo = new byte[64];
    private final Map<Integer, ExecCall> execs = new HashMap<>();
    private final Map<Integer, Long> cloneFlags = new HashMap<>();
    private final Map<Integer, Integer> parents = new HashMap<>();
    private final List<TracedProcess> processes = new ArrayList<>();
    /** Tasks the classifier has been told about (the root, and children whose parent's fork event was seen). */
    private final java.util.Set<Integer> announced = new java.util.HashSet<>();
    /** New children stopped before their parent's fork event: held so their events never precede it. */
    private final java.util.Set<Integer> heldChildren = new java.util.HashSet<>();
    /** Copies of the tracee's open files when close is not stopped on; null when it is (no pidfd_getfd). */
    private final HeldFiles heldFiles;
    private volatile int rootPid;
    private int rootStatus = -1;

    /** {@code closerThread}: where the held copies of the tracee's files are closed; null when none are held (stop on close). */
    PtraceSession(SyscallTable table, byte[] filter, StandbyThread closerThread, Consumer<TraceEvent> events) {
        this.table = table;
        this.filter = filter;
        this.events = events;
        this.heldFiles = closerThread != null ? new HeldFiles(state, events, closerThread) : null;
    }

    int rootPid() {
        return rootPid;
    }

    List<TracedProcess> processes() {
        return processes;
    }

    /**
     * Runs what every stop does (read a string out of a process, list and probe its fds, ask ptrace)
     * once against roar's own process, so the traced command's first stops do not pay the first-call
     * costs of those paths in a cold JVM (~5 ms measured at the command's first exec). The session is
     * not used afterwards.
     */
    void warmUpOnSelf() {
        try (state) {
            int self = (int) ProcessHandle.current().pid();
            memory.cString(self, state.arena().allocateFrom("/warm-up").address());
            probeAll(self);
            readInfo(self); // ESRCH: roar is not a tracee, but the call path is now linked
            commandLine(self);
            if (heldFiles != null) {
                heldFiles.root(self);
                heldFiles.opened(self, 0, false, false);
                heldFiles.verifyAll(self);
                heldFiles.release(self, 0);
                heldFiles.close();
            }
        }
    }

    /** Spawns, attaches, and traces until the last task is gone; returns the root's wait status. */
    /** {@code held}: the command already started and held at its gate, or null. */
    int run(Path trampoline, TraceRequest request, HeldCommand held) throws TraceException {
        try (state) {
            int pid = spawnAndAttach(trampoline, request, held);
            rootPid = pid;
            announced.add(pid);
            if (heldFiles != null) {
                heldFiles.root(pid);
            }
            try {
                loop();
            } finally {
                forgetCwds();
                if (heldFiles != null) {
                    heldFiles.close();
                }
            }
            return rootStatus;
        }
    }

    private int spawnAndAttach(Path trampoline, TraceRequest request, HeldCommand held) throws TraceException {
        try (GatedSpawn child = GatedSpawn.takeOrStart(held, state, trampoline, request)) {
            int pid = child.pid();
            if (Ptrace.ptrace(state, Ptrace.PTRACE_SEIZE, pid, 0, OPTIONS) != 0) {
                int errno = state.errno();
                child.close(); // the trampoline sees EOF and exits 125 without running anything
                Wait.waitpid(state, pid, status, 0);
                throw new TraceException("ptrace(PTRACE_SEIZE) was refused: " + Errno.name(errno)
                        + " (check kernel.yama.ptrace_scope and that no other tracer or seccomp policy forbids ptrace)");
            }
            child.release(filter);
            return pid;
        }
    }

    /**
     * One stop per call, not one loop over all of them: HotSpot compiles a method once it has been called
     * a few hundred times, but a loop inside a method only after tens of thousands of iterations (OSR), so
     * with the loop here a whole trace of ~16k stops ran its dispatch in the interpreter (measured: never
     * compiled in a 3000-file python run).
     */
    private void loop() {
        while (nextStop()) {
            // each stop is handled in nextStop
        }
    }

    /** Waits for the next stop or exit of any tracee and handles it; false when every task is gone. */
    private boolean nextStop() {
        int tid = Wait.waitpid(state, -1, status, Wait.__WALL | Wait.__WNOTHREAD);
        if (tid < 0) {
            // EINTR: wait again; ECHILD: every task is gone
            return state.errno() == Errno.EINTR;
        }
        int s = status.get(ValueLayout.JAVA_INT, 0);
        if (Wait.exited(s) || Wait.signaled(s)) {
            if (heldFiles != null) {
                heldFiles.exited(tid); // the last task of a descriptor table: its copies are flushed
            }
            Integer cwd = cwdFds.remove(tid);
            if (cwd != null) {
                Unistd.close(state, cwd);
            }
            events.accept(new Exited(tid));
            announced.remove(tid);
            pending.remove(tid);
            if (tid == rootPid) {
                rootStatus = s;
            }
            return true;
        }
        if (!Wait.stopped(s)) {
            return true;
        }
        int signal = Wait.stopSignal(s);
        int event = Wait.ptraceEvent(s);
        if (signal == (Signals.SIGTRAP | 0x80)) {
            onSyscallExit(tid);
            resume(tid, Ptrace.PTRACE_CONT, 0);
        } else if (event == Ptrace.PTRACE_EVENT_SECCOMP) {
            resume(tid, onSeccompStop(tid) ? Ptrace.PTRACE_SYSCALL : Ptrace.PTRACE_CONT, 0);
        } else if (event == Ptrace.PTRACE_EVENT_FORK || event == Ptrace.PTRACE_EVENT_VFORK
                || event == Ptrace.PTRACE_EVENT_CLONE) {
            onFork(tid, event);
            resume(tid, Ptrace.PTRACE_CONT, 0);
        } else if (event == Ptrace.PTRACE_EVENT_EXIT) {
            if (heldFiles == null) {
                probeAll(tid); // still has its fds: the last look at what they did (held copies outlive it)
            }
            resume(tid, Ptrace.PTRACE_CONT, 0);
        } else if (event == Ptrace.PTRACE_EVENT_EXEC) {
            onExec(tid);
            resume(tid, Ptrace.PTRACE_CONT, 0);
        } else if (event == Ptrace.PTRACE_EVENT_STOP && !announced.contains(tid)) {
            heldChildren.add(tid);
        } else if (event == Ptrace.PTRACE_EVENT_STOP) {
            boolean groupStop = signal == Signals.SIGSTOP || signal == Signals.SIGTSTP
                    || signal == Signals.SIGTTIN || signal == Signals.SIGTTOU;
            // A group stop (Ctrl-Z) must stay stopped until SIGCONT: LISTEN, not CONT.
            resume(tid, groupStop ? Ptrace.PTRACE_LISTEN : Ptrace.PTRACE_CONT, 0);
        } else if (event != 0) {
            resume(tid, Ptrace.PTRACE_CONT, 0);
        } else {
            // Signal-delivery stop: deliver the signal the task was sent.
            resume(tid, Ptrace.PTRACE_CONT, signal == Signals.SIGTRAP ? 0 : signal);
        }
        return true;
    }

    private void resume(int tid, int request, int signal) {
        Ptrace.ptrace(state, request, tid, 0, signal);
        // ESRCH here means the task died (e.g. SIGKILL) while stopped; its exit status comes next.
    }

    private boolean readInfo(int tid) {
        long size = Ptrace.SYSCALL_INFO.byteSize();
        return Ptrace.ptrace(state, Ptrace.PTRACE_GET_SYSCALL_INFO, tid, size, info) > 0;
    }

    private long arg(int index) {
        return info.get(ValueLayout.JAVA_LONG, Ptrace.INFO_ARGS + 8L * index);
    }

    /** Handles a syscall's entry; returns whether its exit must be seen too. */
    private boolean onSeccompStop(int tid) {
        if (!readInfo(tid) || info.get(ValueLayout.JAVA_BYTE, Ptrace.INFO_OP) != Ptrace.PTRACE_SYSCALL_INFO_SECCOMP) {
            return false;
        }
        Syscall syscall = table.syscall(info.get(ValueLayout.JAVA_LONG, Ptrace.INFO_NR));
        if (syscall == null) {
            return false;
        }
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = arg(i);
        }
        switch (syscall) {
            case PREAD64, PREADV, PREADV2 -> {
                verify(tid, (int) args[0]);
                if (args[2] > 0) {
                    events.accept(new Read(tid, (int) args[0], syscall == Syscall.PREAD64 ? args[2] : 1));
                }
                return false;
            }
            case CLOSE -> { // stopped on only when no copies are held
                probe(tid, (int) args[0]);
                events.accept(new Closed(tid, (int) args[0]));
                return false;
            }
            case CLOSE_RANGE -> {
                if ((args[2] & CLOSE_RANGE_CLOEXEC) == 0) {
                    int first = (int) args[0];
                    int last = (int) Math.min(args[1], Integer.MAX_VALUE);
                    if (heldFiles != null) {
                        heldFiles.releaseRange(tid, first, last);
                    } else {
                        openFds(tid).stream().filter(fd -> fd >= first && fd <= last).forEach(fd -> probe(tid, fd));
                    }
                    events.accept(new ClosedRange(tid, first, last));
                }
                return false;
            }
            case EXECVE -> {
                beforeExec(tid);
                execs.put(tid, new ExecCall(AT_FDCWD, memory.cString(tid, args[0])));
                return false;
            }
            case EXECVEAT -> {
                beforeExec(tid);
                execs.put(tid, new ExecCall((int) args[0], memory.cString(tid, args[1])));
                return false;
            }
            case DUP2, DUP3 -> {
                if (args[0] != args[1] && heldFiles == null) {
                    probe(tid, (int) args[1]); // dup2 over an open fd closes it (a held copy is released at exit)
                }
                pending.put(tid, new Pending(syscall, args, true));
                return true;
            }
            case CLONE -> {
                cloneFlags.put(tid, args[0]);
                return false;
            }
            case MMAP -> {
                // Entry only: the arguments say it all, and a file mapping that fails is rare enough to be
                // counted as done (ld.so maps each library four or five times: one stop each, not two).
                verify(tid, (int) args[4]);
                long type = args[3] & 0x3; // MAP_SHARED 1, MAP_PRIVATE 2, MAP_SHARED_VALIDATE 3
                events.accept(new Mapped(tid, (int) args[4], (args[2] & 1) != 0, type != 2 && (args[2] & 2) != 0));
                return false;
            }
            case FLOCK -> {
                letGo(tid, (int) args[0]);
                return false;
            }
            case FCNTL -> {
                if (args[1] == SeccompFilter.F_OFD_SETLK || args[1] == SeccompFilter.F_OFD_SETLKW) {
                    letGo(tid, (int) args[0]);
                    return false;
                }
                pending.put(tid, new Pending(syscall, args, true));
                return true;
            }
            case CLONE3 -> {
                cloneFlags.put(tid, memory.word(tid, args[0], 0));
                return false;
            }
            default -> {
                if (createsFile(syscall, tid, args)) {
                    Target target = target(tid, syscall, args);
                    pending.put(tid, new Pending(syscall, args, target.exists(), target.path()));
                } else {
                    pending.put(tid, new Pending(syscall, args, true));
                }
                return true;
            }
        }
    }

    private boolean createsFile(Syscall syscall, int tid, long[] args) {
        return switch (syscall) {
            case CREAT -> true;
            case OPEN -> (args[1] & OpenFlags.O_CREAT) != 0;
            case OPENAT -> (args[2] & OpenFlags.O_CREAT) != 0;
            case OPENAT2 -> (memory.word(tid, args[2], 0) & OpenFlags.O_CREAT) != 0;
            default -> false;
        };
    }

    /**
     * An O_CREAT open's path and whether it exists before the call, seen through the tracee's own
     * cwd/dirfd. The path read here is the one the kernel reads too (at entry): the exit uses it.
     */
    private Target target(int tid, Syscall syscall, long[] args) {
        int dirFd = syscall == Syscall.OPEN || syscall == Syscall.CREAT ? AT_FDCWD : (int) args[0];
        byte[] path = memory.cString(tid, syscall == Syscall.OPEN || syscall == Syscall.CREAT ? args[0] : args[1]);
        if (path == null) {
            return new Target(null, true);
        }
        return new Target(path, exists(tid, dirFd, path));
    }

    private boolean exists(int tid, int dirFd, byte[] path) {
        if (path.length > 0 && path[0] == '/') {
            return ByteFiles.exists(PathBytes.of(path));
        }
        if (dirFd == AT_FDCWD && path.length < TraceeMemory.PATH_MAX) {
            int cwd = cwdFd(tid);
            if (cwd >= 0) {
                MemorySegment.copy(path, 0, pathBuffer, ValueLayout.JAVA_BYTE, 0, path.length);
                pathBuffer.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
                return Unistd.accessAt(state, cwd, pathBuffer, Unistd.F_OK) == 0;
            }
        }
        String base = dirFd == AT_FDCWD ? "/proc/" + tid + "/cwd/" : "/proc/" + tid + "/fd/" + dirFd + "/";
        byte[] prefix = base.getBytes(StandardCharsets.US_ASCII);
        byte[] full = java.util.Arrays.copyOf(prefix, prefix.length + path.length);
        System.arraycopy(path, 0, full, prefix.length, path.length);
        return ByteFiles.exists(PathBytes.of(full));
    }

    private void onSyscallExit(int tid) {
        Pending call = pending.remove(tid);
        if (call == null || !readInfo(tid) || info.get(ValueLayout.JAVA_BYTE, Ptrace.INFO_OP) != Ptrace.PTRACE_SYSCALL_INFO_EXIT) {
            return;
        }
        long result = info.get(ValueLayout.JAVA_LONG, Ptrace.INFO_RVAL);
        if (info.get(ValueLayout.JAVA_BYTE, Ptrace.INFO_IS_ERROR) != 0 || result < 0) {
            return; // only successful calls count
        }
        long[] a = call.args();
        int fd = (int) result;
        switch (call.syscall()) {
            case OPEN -> opened(tid, AT_FDCWD, a[0], (int) a[1], fd, call);
            case CREAT -> opened(tid, AT_FDCWD, a[0], OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, fd, call);
            case OPENAT -> opened(tid, (int) a[0], a[1], (int) a[2], fd, call);
            case OPENAT2 -> opened(tid, (int) a[0], a[1], (int) memory.word(tid, a[2], 0), fd, call);
            case SENDFILE -> transfer(tid, (int) a[1], (int) a[0], result);
            case SPLICE, COPY_FILE_RANGE -> transfer(tid, (int) a[0], (int) a[2], result);
            case DUP -> duplicated(tid, (int) a[0], fd, false);
            case DUP2 -> duplicated(tid, (int) a[0], (int) a[1], false);
            case DUP3 -> duplicated(tid, (int) a[0], (int) a[1], (a[2] & OpenFlags.O_CLOEXEC) != 0);
            case FCNTL -> duplicated(tid, (int) a[0], fd, (int) a[1] == F_DUPFD_CLOEXEC);
            case RENAME -> renamed(tid, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
            case RENAMEAT -> renamed(tid, (int) a[0], a[1], (int) a[2], a[3], 0);
            case RENAMEAT2 -> renamed(tid, (int) a[0], a[1], (int) a[2], a[3], (int) a[4]);
            case LINK -> linked(tid, AT_FDCWD, a[0], AT_FDCWD, a[1]);
            case LINKAT -> linked(tid, (int) a[0], a[1], (int) a[2], a[3]);
            case UNLINK -> path(tid, a[0], p -> events.accept(new Unlinked(tid, AT_FDCWD, p)));
            case UNLINKAT -> {
                if ((a[2] & AT_REMOVEDIR) == 0) {
                    path(tid, a[1], p -> events.accept(new Unlinked(tid, (int) a[0], p)));
                }
            }
            case TRUNCATE -> path(tid, a[0], p -> events.accept(new Truncated(tid, AT_FDCWD, p, -1)));
            case FTRUNCATE -> {
                verify(tid, (int) a[0]);
                events.accept(new Truncated(tid, 0, null, (int) a[0]));
            }
            case CHDIR -> {
                forgetCwds();
                path(tid, a[0], p -> events.accept(new ChangedDirectory(tid, p, -1)));
            }
            case FCHDIR -> {
                forgetCwds();
                events.accept(new ChangedDirectory(tid, null, (int) a[0]));
            }
            default -> {
            }
        }
    }

    /**
     * The tracee's cwd, opened O_PATH once per task instead of walking /proc/TID/cwd at every O_CREAT
     * open (that walk cost ~15 us). Forgotten on any chdir (CLONE_FS may share a cwd) and at exit.
     */
    private int cwdFd(int tid) {
        Integer known = cwdFds.get(tid);
        if (known != null) {
            return known;
        }
        byte[] proc = ("/proc/" + tid + "/cwd").getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(proc, 0, pathBuffer, ValueLayout.JAVA_BYTE, 0, proc.length);
        pathBuffer.set(ValueLayout.JAVA_BYTE, proc.length, (byte) 0);
        int fd = Stat.open(state, pathBuffer, O_PATH | O_DIRECTORY | Stat.O_CLOEXEC, 0);
        if (fd >= 0) {
            cwdFds.put(tid, fd);
        }
        return fd;
    }

    private void forgetCwds() {
        cwdFds.values().forEach(fd -> Unistd.close(state, fd));
        cwdFds.clear();
    }

    private void opened(int tid, int dirFd, long pathAddress, int flags, int fd, Pending call) {
        byte[] path = call.path() != null ? call.path() : memory.cString(tid, pathAddress);
        if (path != null) {
            boolean created = (flags & OpenFlags.O_CREAT) != 0 && !call.existedBefore();
            if (heldFiles != null) {
                heldFiles.release(tid, fd); // the number was closed without a stop: report what it named first
            }
            events.accept(new Opened(tid, dirFd, path, flags, fd, created));
            int access = flags & 3;
            Optional<FileStat> baseline = heldFiles != null
                    ? heldFiles.opened(tid, fd, access != OpenFlags.O_WRONLY, access != 0)
                    : ByteFiles.stat(fdPath(tid, fd));
            baseline.filter(FileStat::isRegularFile)
                    .ifPresent(st -> events.accept(new Baseline(tid, fd, st.size(), st.mtimeNanos())));
        }
    }

    private void duplicated(int tid, int oldFd, int newFd, boolean closeOnExec) {
        if (heldFiles != null && oldFd != newFd) {
            heldFiles.release(tid, newFd);
        }
        events.accept(new Duplicated(tid, oldFd, newFd, closeOnExec));
        if (heldFiles != null && oldFd != newFd) {
            heldFiles.duplicated(tid, oldFd, newFd); // a copy of its own: the old number may close first
        }
    }

    private void letGo(int tid, int fd) {
        if (heldFiles != null) {
            heldFiles.letGo(tid, fd);
        }
    }

    private void verify(int tid, int fd) {
        if (heldFiles != null && fd >= 0) {
            heldFiles.verify(tid, fd);
        }
    }

    /** Close-on-exec fds vanish inside a successful exec: the last look at what they did. */
    private void beforeExec(int tid) {
        if (heldFiles != null) {
            heldFiles.beforeExec(tid);
        } else {
            probeAll(tid);
        }
    }

    /** Reports a regular file's fd state (position, size, mtime) before the fd goes away. */
    private void probe(int tid, int fd) {
        if (fd < 0) {
            return;
        }
        Optional<FileStat> stat = ByteFiles.stat(fdPath(tid, fd));
        if (stat.isEmpty() || !stat.get().isRegularFile()) {
            return;
        }
        events.accept(new Probed(tid, fd, position(tid, fd), stat.get().size(), stat.get().mtimeNanos()));
    }

    private void probeAll(int tid) {
        for (int fd : openFds(tid)) {
            probe(tid, fd);
        }
    }

    private static List<Integer> openFds(int tid) {
        List<Integer> fds = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of("/proc/" + tid + "/fd"))) {
            for (Path entry : dir) {
                try {
                    fds.add(Integer.parseInt(entry.getFileName().toString()));
                } catch (NumberFormatException ignored) {
                    // not an fd
                }
            }
        } catch (IOException e) {
            // the task is gone: nothing left to probe
        }
        return fds;
    }

    /** The fd's file offset, from /proc/<tid>/fdinfo/<fd>'s first line ("pos:\t<n>"); 0 when unknown. */
    private long position(int tid, int fd) {
        int n = ByteFiles.readSmall(PathBytes.of("/proc/" + tid + "/fdinfo/" + fd), fdinfo);
        int i = 4; // skip "pos:"
        if (n < 5 || fdinfo[0] != 'p' || fdinfo[3] != ':') {
            return 0;
        }
        while (i < n && (fdinfo[i] == '\t' || fdinfo[i] == ' ')) {
            i++;
        }
        long position = 0;
        while (i < n && fdinfo[i] >= '0' && fdinfo[i] <= '9') {
            position = position * 10 + (fdinfo[i++] - '0');
        }
        return position;
    }

    static PathBytes fdPath(int tid, int fd) {
        return PathBytes.of("/proc/" + tid + "/fd/" + fd);
    }

    private void transfer(int tid, int from, int to, long bytes) {
        verify(tid, from);
        verify(tid, to);
        if (bytes > 0) {
            events.accept(new Read(tid, from, bytes));
            events.accept(new Written(tid, to, bytes));
        }
    }

    private void renamed(int tid, int fromDir, long fromAddress, int toDir, long toAddress, int flags) {
        byte[] from = memory.cString(tid, fromAddress);
        byte[] to = memory.cString(tid, toAddress);
        if (from == null || to == null) {
            return;
        }
        if ((flags & RENAME_EXCHANGE) != 0) {
            events.accept(new Linked(tid, fromDir, from, toDir, to));
            events.accept(new Linked(tid, toDir, to, fromDir, from));
        } else {
            events.accept(new Renamed(tid, fromDir, from, toDir, to));
        }
    }

    private void linked(int tid, int fromDir, long fromAddress, int toDir, long toAddress) {
        byte[] from = memory.cString(tid, fromAddress);
        byte[] to = memory.cString(tid, toAddress);
        if (from != null && to != null) {
            events.accept(new Linked(tid, fromDir, from, toDir, to));
        }
    }

    private void path(int tid, long address, Consumer<byte[]> use) {
        byte[] path = memory.cString(tid, address);
        if (path != null) {
            use.accept(path);
        }
    }

    private void onFork(int tid, int event) {
        if (Ptrace.ptrace(state, Ptrace.PTRACE_GETEVENTMSG, tid, 0, message) != 0) {
            return;
        }
        int child = (int) message.get(ValueLayout.JAVA_LONG, 0);
        long flags = event == Ptrace.PTRACE_EVENT_CLONE ? cloneFlags.getOrDefault(tid, 0L) : 0L;
        cloneFlags.remove(tid);
        parents.put(child, tid);
        if (heldFiles != null) {
            heldFiles.forked(tid, child, (flags & CLONE_FILES) != 0);
        }
        events.accept(new Forked(tid, child, (flags & CLONE_FILES) != 0, (flags & CLONE_FS) != 0));
        announced.add(child);
        if (heldChildren.remove(child)) {
            resume(child, Ptrace.PTRACE_CONT, 0);
        }
    }

    private void onExec(int tid) {
        int former = tid;
        if (Ptrace.ptrace(state, Ptrace.PTRACE_GETEVENTMSG, tid, 0, message) == 0) {
            former = (int) message.get(ValueLayout.JAVA_LONG, 0);
        }
        ExecCall call = execs.remove(former);
        execs.remove(tid);
        if (heldFiles != null) {
            heldFiles.executed(tid, former);
        }
        if (former != tid) {
            // A thread other than the leader exec'd: it now is the leader, and the old leader is gone.
            events.accept(new Exited(former));
        }
        if (call != null && call.path() != null) {
            events.accept(new Executed(tid, call.dirFd(), call.path()));
        }
        processes.add(new TracedProcess(tid, parents.getOrDefault(tid, 0), commandLine(tid)));
    }

    /**
     * The exec'd program's argv, from /proc/PID/cmdline through one native read (the NIO file read it
     * replaced cost ~250 us per exec in a cold JVM: 10 ms of a pyenv shim's 40 execs). Up to 128 KiB;
     * a longer command line keeps its first 128 KiB.
     */
    private List<String> commandLine(int pid) {
        int n = ByteFiles.readSmall(PathBytes.of("/proc/" + pid + "/cmdline"), cmdline);
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (cmdline[i] == 0) {
                argv.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return argv;
    }

    /** Sends a signal to the traced command's first process (SIGTERM forwarded by roar). */
    void signalRoot(int signal) {
        int pid = rootPid;
        if (pid > 0) {
            try (CallState other = new CallState()) {
                Signals.kill(other, pid, signal);
            }
        }
    }

}
