package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Wait;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceRequest;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A command's first process started ahead of its trace and held at the trampoline's gate (see
 * {@link GatedSpawn}) until a backend attaches to it and opens the gate.
 *
 * <p>Why: starting the trampoline (file actions, posix_spawn, the trampoline's exec) took 1.5-4 ms of
 * every traced phase, which the command's time paid for. roar starts it once its git check and store
 * precheck have passed, while the backend still prepares on another thread, so that time is spent where
 * roar waits anyway.
 *
 * <p>Only the thread that started it may use it (its native state is confined to that thread, and the
 * ptrace backend traces on the calling thread). A held process that died before its trace (Ctrl-C reaches
 * the whole foreground process group; roar itself goes on after one) is replaced by a fresh start, so the
 * command runs as it would have without the early start.
 */
public final class HeldCommand implements AutoCloseable {
    private final TraceRequest request;
    private final CallState state;
    private final Thread owner;
    private GatedSpawn spawn;

    private HeldCommand(TraceRequest request, CallState state, GatedSpawn spawn) {
        this.request = request;
        this.state = state;
        this.spawn = spawn;
        this.owner = Thread.currentThread();
    }

    /** Starts the trampoline for {@code request} with its gate closed. */
    public static HeldCommand start(TraceRequest request) throws TraceException {
        CallState state = new CallState();
        try {
            Path trampoline = Trampoline.extract();
            return new HeldCommand(request, state, request.starter().start(state, trampoline, request));
        } catch (TraceException | RuntimeException e) {
            state.close();
            throw e;
        }
    }

    public TraceRequest request() {
        return request;
    }

    /**
     * The held process, for a backend to attach to and release (or close: its trampoline then exits 125 and
     * the backend reaps it); empty when called from another thread than the one that started it, a second
     * time, or when the process is gone. Either way this object no longer owns a process.
     */
    public Optional<GatedSpawn> take() {
        if (spawn == null || Thread.currentThread() != owner) {
            return Optional.empty();
        }
        GatedSpawn taken = spawn;
        spawn = null;
        if (exited(taken.pid())) {
            taken.close();
            return Optional.empty();
        }
        return Optional.of(taken);
    }

    /** Reaps the process if it is gone: waitpid with WNOHANG answers 0 while it lives (stopped included). */
    private boolean exited(int pid) {
        MemorySegment status = state.arena().allocate(ValueLayout.JAVA_INT);
        return Wait.waitpid(state, pid, status, Wait.WNOHANG) == pid;
    }

    /** A process nobody took is let go: its gate closes, the trampoline exits 125 without running anything. */
    @Override
    public void close() {
        if (spawn != null && Thread.currentThread() == owner) {
            spawn.abandon();
            spawn = null;
        }
        if (Thread.currentThread() == owner) {
            state.close();
        }
    }
}
