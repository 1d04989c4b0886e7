package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Spawn;
import dev.roar.ffi.Unistd;
import dev.roar.ffi.Wait;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceRequest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The command, started through the trampoline (posix_spawn: the JVM never forks) and held at a gate
 * until the tracer is ready for it: attached (ptrace) or registered in a kernel map (eBPF). Then
 * {@link #release} sends the trampoline its seccomp filter (or none) and it execs the command.
 * Closing an unreleased gate makes the trampoline exit 125 without running anything.
 */
public final class GatedSpawn implements AutoCloseable {
    private static final InheritedFds INHERITED = InheritedFds.fromLauncher();
    private static final Optional<OpenFilesLimit> OPEN_FILES = OpenFilesLimit.fromLauncher();
    /** Whether this JVM has started (or is starting) a trampoline: then {@link #warmUp} has nothing left to do. */
    private static final AtomicBoolean STARTED_ONCE = new AtomicBoolean();

    private final CallState state;
    private final int pid;
    private final ExitSource exit;
    private int gate;

    private GatedSpawn(CallState state, int pid, int gate, ExitSource exit) {
        this.state = state;
        this.pid = pid;
        this.gate = gate;
        this.exit = exit;
    }

    /** How the process's end is learnt: waitpid for this JVM's children, its parent's word otherwise. */
    @FunctionalInterface
    public interface ExitSource {
        /** The exit code: the process's, or 128+signal when a signal ended it. */
        int awaitExitCode() throws java.io.IOException;
    }

    /**
     * A trampoline another process started (see {@link ClientStarter}): {@code gate} is this process's write end
     * of the pipe the trampoline reads, {@code exit} how its end is learnt (it is not this JVM's child).
     */
    static GatedSpawn adopt(CallState state, int pid, int gate, ExitSource exit) {
        return new GatedSpawn(state, pid, gate, exit);
    }

    public int pid() {
        return pid;
    }

    /** {@code held}'s process when it can be taken here (see {@link HeldCommand#take}), else a new start of {@code request}. */
    public static GatedSpawn takeOrStart(HeldCommand held, CallState state, Path trampoline, TraceRequest request)
            throws TraceException {
        if (held != null) {
            Optional<GatedSpawn> taken = held.take();
            if (taken.isPresent()) {
                return taken.get();
            }
        }
        return request.starter().start(state, trampoline, request);
    }

    public static GatedSpawn start(CallState state, Path trampoline, TraceRequest request) throws TraceException {
        STARTED_ONCE.set(true);
        try (Arena arena = Arena.ofConfined()) {
            int[] gatePipe = gatePipe(state, arena);
            int readEnd = gatePipe[0];
            int writeEnd = gatePipe[1];
            try {
                MemorySegment actions = arena.allocate(Spawn.FILE_ACTIONS_SIZE, 16);
                MemorySegment attr = arena.allocate(Spawn.ATTR_SIZE, 16);
                MemorySegment sigset = arena.allocate(Spawn.SIGSET_SIZE, 16);
                Spawn.fileActionsInit(state, actions);
                Spawn.attrInit(state, attr);
                try {
                    Spawn.fileActionsAddDup2(state, actions, readEnd, InheritedFds.GATE);
                    for (int fd : INHERITED.toCloseBelowCloseFrom()) {
                        Spawn.fileActionsAddClose(state, actions, fd);
                    }
                    Spawn.fileActionsAddCloseFrom(state, actions, INHERITED.closeFrom());
                    redirect(state, arena, actions, 0, request.stdio().in().orElse(null), Unistd.O_RDONLY);
                    redirect(state, arena, actions, 1, request.stdio().out().orElse(null), Unistd.O_WRONLY | Unistd.O_CREAT | Unistd.O_TRUNC);
                    redirect(state, arena, actions, 2, request.stdio().err().orElse(null), Unistd.O_WRONLY | Unistd.O_CREAT | Unistd.O_TRUNC);
                    Spawn.fileActionsAddChdir(state, actions, arena.allocateFrom(request.workingDirectory().toString()));
                    // The JVM's threads block and handle signals the command must see in their defaults; what
                    // roar was started ignoring (nohup's SIGHUP) the command goes on ignoring, as if run directly.
                    Spawn.sigemptyset(state, sigset);
                    Spawn.attrSetSigmask(state, attr, sigset);
                    Spawn.sigfillset(state, sigset);
                    for (int signal : IgnoredSignals.now()) {
                        Spawn.sigdelset(state, sigset, signal);
                    }
                    Spawn.attrSetSigdefault(state, attr, sigset);
                    Spawn.attrSetFlags(state, attr, (short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF));

                    List<String> argv = trampolineArgv(trampoline, request);
                    List<String> envp = environmentEntries(request);
                    MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
                    int error = Spawn.posixSpawn(state, pidOut, arena.allocateFrom(trampoline.toString()), actions, attr,
                            stringArray(arena, argv), stringArray(arena, envp));
                    if (error != 0) {
                        throw new TraceException("posix_spawn of the trampoline failed: " + Errno.name(error));
                    }
                    int pid = pidOut.get(ValueLayout.JAVA_INT, 0);
                    // Before the gate opens: the command starts with the limit it would have had directly.
                    OPEN_FILES.ifPresent(limit -> limit.applyTo(state, arena, pid));
                    GatedSpawn spawned = new GatedSpawn(state, pid, writeEnd, null);
                    writeEnd = -1;
                    return spawned;
                } finally {
                    Spawn.fileActionsDestroy(state, actions);
                    Spawn.attrDestroy(state, attr);
                }
            } finally {
                Unistd.close(state, readEnd);
                if (writeEnd >= 0) {
                    Unistd.close(state, writeEnd);
                }
            }
        }
    }

    /**
     * Starts the trampoline once with its gate closed (it exits 125 at once, running nothing) and reaps
     * it, so that the first real start is not also the first posix_spawn of this JVM: that one took
     * 10-15 ms instead of ~1 ms (first calls through the binding and the kernel's first clone of this
     * process), and it fell inside the traced command's time. Callers do this while they prepare.
     */
    public static void warmUp(Path trampoline) {
        // A command started ahead (HeldCommand) was that first start, and the trace will not start another.
        if (!STARTED_ONCE.compareAndSet(false, true)) {
            return;
        }
        Path nothing = Path.of("/dev/null");
        TraceRequest idle = new TraceRequest(List.of("true"), Path.of("/bin/true"), Path.of("/"), Map.of(),
                new TraceRequest.Stdio(Optional.of(nothing), Optional.of(nothing), Optional.of(nothing)));
        try (CallState state = new CallState()) {
            start(state, trampoline, idle).abandon();
        } catch (TraceException e) {
            // The real start will fail the same way and say why.
        }
    }

    /**
     * Waits for the process to end (it must have been released or abandoned) and answers its exit code, 128+signal
     * when a signal ended it. Not for a process a ptrace backend traces: its tracer learns that from its own waits.
     */
    public int awaitExitCode() throws TraceException {
        if (exit != null) {
            try {
                return exit.awaitExitCode();
            } catch (java.io.IOException e) {
                throw new TraceException("lost the roar client while the command ran: " + e.getMessage(), e);
            }
        }
        MemorySegment status = state.arena().allocate(ValueLayout.JAVA_INT);
        while (Wait.waitpid(state, pid, status, 0) < 0) {
            if (state.errno() != Errno.EINTR) {
                throw new TraceException("waitpid on the command failed: " + Errno.name(state.errno()));
            }
        }
        int s = status.get(ValueLayout.JAVA_INT, 0);
        return Wait.exited(s) ? Wait.exitStatus(s) : 128 + Wait.termSignal(s);
    }

    /** Opens the gate: the trampoline installs {@code filter} (classic BPF, 8 bytes per instruction; may be empty) and execs. */
    public void release(byte[] filter) throws TraceException {
        byte[] message = ByteBuffer.allocate(4 + filter.length).order(ByteOrder.nativeOrder())
                .putInt(filter.length / 8).put(filter).array();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
            long written = 0;
            while (written < message.length) {
                long n = Unistd.write(state, gate, bytes.asSlice(written), message.length - written);
                if (n < 0 && state.errno() == Errno.EINTR) {
                    continue;
                }
                if (n <= 0) {
                    throw new TraceException("cannot release the command: " + Errno.name(state.errno()));
                }
                written += n;
            }
        } finally {
            close();
        }
    }

    /** Closes the gate unopened (the trampoline exits 125, running nothing) and reaps the trampoline. */
    public void abandon() {
        close();
        if (exit != null) {
            return; // another process's child: its parent reaps it
        }
        MemorySegment status = state.arena().allocate(ValueLayout.JAVA_INT);
        while (Wait.waitpid(state, pid, status, 0) < 0 && state.errno() == Errno.EINTR) {
            // retry: the trampoline is about to exit
        }
    }

    @Override
    public void close() {
        if (gate >= 0) {
            Unistd.close(state, gate);
            gate = -1;
        }
    }

    private static void redirect(CallState state, Arena arena, MemorySegment actions, int fd, Path file, int flags) {
        if (file != null) {
            Spawn.fileActionsAddOpen(state, actions, fd, arena.allocateFrom(file.toString()), flags, 0644);
        }
    }

    /** A close-on-exec pipe for the trampoline's gate: {read end, write end}. */
    static int[] gatePipe(CallState state, Arena arena) throws TraceException {
        MemorySegment pipe = arena.allocate(ValueLayout.JAVA_INT, 2);
        if (Unistd.pipe2(state, pipe, Unistd.O_CLOEXEC) != 0) {
            throw new TraceException("pipe2 failed: " + Errno.name(state.errno()));
        }
        return new int[] {pipe.getAtIndex(ValueLayout.JAVA_INT, 0), pipe.getAtIndex(ValueLayout.JAVA_INT, 1)};
    }

    /** The trampoline's command line: itself, the program it execs, then the command's argv (argv[0] as typed). */
    static List<String> trampolineArgv(Path trampoline, TraceRequest request) {
        List<String> argv = new ArrayList<>();
        argv.add(trampoline.toString());
        argv.add(request.executable().toString());
        argv.addAll(request.argv());
        return argv;
    }

    /** The command's environment as NAME=value entries. */
    static List<String> environmentEntries(TraceRequest request) {
        List<String> entries = new ArrayList<>();
        request.environment().forEach((k, v) -> entries.add(k + "=" + v));
        return entries;
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
