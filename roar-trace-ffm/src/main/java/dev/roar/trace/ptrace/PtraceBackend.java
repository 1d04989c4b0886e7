package dev.roar.trace.ptrace;

import dev.roar.ffi.Bindings;
import dev.roar.ffi.Wait;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.Tracer.Check;
import dev.roar.trace.classify.FileActivityTracker;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.launch.CompilerThreadsBackOff;
import dev.roar.trace.launch.GatedSpawn;
import dev.roar.trace.launch.HeldCommand;
import dev.roar.trace.launch.StandbyThread;
import dev.roar.trace.launch.Trampoline;
import dev.roar.trace.ring.EventRing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The ptrace backend: a seccomp filter selects the contract's syscalls, a dedicated platform thread
 * handles their stops and pushes events into the ring, and a consumer thread folds them into the
 * classifier while the command runs.
 */
public final class PtraceBackend {
    private final AtomicReference<PtraceSession> current = new AtomicReference<>();
    private final boolean holdFilesWhereSupported;
    private volatile Prepared prepared;
    private Standby standby;

    public PtraceBackend() {
        this(true);
    }

    /**
     * {@code holdFilesWhereSupported} false: stop on every close even where the kernel would let the
     * tracer hold copies of open files instead (the fallback for kernels without pidfd_getfd or kcmp).
     */
    public PtraceBackend(boolean holdFilesWhereSupported) {
        this.holdFilesWhereSupported = holdFilesWhereSupported;
    }

    /** What every trace needs and no command changes: computed once per backend. */
    private record Prepared(SyscallTable table, Path trampoline, byte[] filter, boolean holdFiles, CompilerThreadsBackOff compilers) {
    }

    /** What tracing with ptrace needs, each answered without tracing anything. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        String arch = System.getProperty("os.arch");
        checks.add(SyscallTable.forThisMachine().isPresent() ? Check.pass("architecture", "x86_64 syscall table")
                : Check.fail("architecture", "no syscall table for " + arch + " (x86_64 only so far)", "run roar on x86_64"));
        checks.add(Trampoline.bundled() ? Check.pass("trampoline", "bundled (static, compiled by gcc at build time)")
                : Check.fail("trampoline", "this build has no trampoline for " + arch + " (it is compiled by gcc during the build)",
                "install gcc and rebuild roar"));
        String scope = "";
        try {
            scope = Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope")).trim();
        } catch (java.io.IOException e) {
            // no Yama: nothing restricts ptrace of our own children
        }
        checks.add(scope.equals("3")
                ? Check.fail("ptrace_scope", "kernel.yama.ptrace_scope is 3: ptrace is disabled until reboot", "reboot, and do not set ptrace_scope to 3")
                : Check.pass("ptrace_scope", scope.isEmpty() ? "no Yama restrictions" : "kernel.yama.ptrace_scope = " + scope + " (children may be traced)"));
        checks.add(HeldFiles.supported()
                ? Check.pass("close", "seen without stopping the command (pidfd_getfd copies, kcmp)")
                : Check.pass("close", "every close stops the command (no pidfd_getfd or kcmp here: Linux >= 5.6 with CONFIG_KCMP has them); slower, as correct"));
        return checks;
    }

    /**
     * Links the native calls, writes the trampoline and builds the seccomp filter, so a caller can do
     * it while it is busy with something else (roar overlaps it with the git check); trace() does it
     * itself when nobody did.
     */
    public synchronized void prepare() throws TraceException {
        if (prepared != null) {
            return;
        }
        SyscallTable table = SyscallTable.forThisMachine().orElseThrow(
                () -> new TraceException("no syscall table for " + System.getProperty("os.arch") + " (x86_64 only so far)"));
        Bindings.linkAll();
        Path trampoline = Trampoline.extract();
        GatedSpawn.warmUp(trampoline);
        EventRing.warmUp();
        FileActivityTracker.warmUp();
        boolean holdFiles = holdFilesWhereSupported && HeldFiles.supported();
        byte[] filter = SeccompFilter.encode(SeccompFilter.program(table, !holdFiles));
        new PtraceSession(table, filter, holdFiles ? BackgroundCloser.standbyThread() : null, event -> { }).warmUpOnSelf();
        prepared = new Prepared(table, trampoline, filter, holdFiles, CompilerThreadsBackOff.find());
        standby = Standby.start(holdFiles);
    }

    /**
     * The threads a trace needs besides the tracing one, started while preparing (see StandbyThread): the
     * event consumer, and the closer of held file copies when files are held.
     */
    private record Standby(StandbyThread consumer, StandbyThread closer) {
        static Standby start(boolean holdFiles) {
            return new Standby(new StandbyThread("roar-trace-consumer"), holdFiles ? BackgroundCloser.standbyThread() : null);
        }
    }

    /** Ends the standby threads no trace took. */
    public synchronized void release() {
        if (standby != null) {
            standby.consumer().cancel();
            if (standby.closer() != null) {
                standby.closer().cancel();
            }
            standby = null;
        }
    }

    /** The threads started while preparing, or new ones for a second trace by this backend. */
    private synchronized Standby takeStandby(boolean holdFiles) {
        Standby threads = standby;
        standby = null;
        return threads != null ? threads : Standby.start(holdFiles);
    }

    public TraceReport trace(TraceRequest request) throws TraceException {
        return trace(request, null);
    }

    /** Traces a command started ahead (see HeldCommand); it must be called on the thread that started it. */
    public TraceReport trace(HeldCommand held) throws TraceException {
        return trace(held.request(), held);
    }

    private TraceReport trace(TraceRequest request, HeldCommand held) throws TraceException {
        prepare();
        Prepared ready = prepared;
        Instant start = Instant.now();
        FileActivityTracker tracker = new FileActivityTracker(PathBytes.of(request.workingDirectory().toAbsolutePath().toString()));
        AtomicLong events = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (EventRing ring = new EventRing(1 << 22)) {
            AtomicReference<Thread> consumerThread = new AtomicReference<>();
            java.util.function.Consumer<TraceEvent> producer = event -> {
                while (!ring.offer(event)) {
                    // The tracee is stopped while we wait: nothing is lost, only delayed.
                    LockSupport.unpark(consumerThread.get());
                    LockSupport.parkNanos(50_000);
                }
            };
            AtomicLong busy = new AtomicLong();
            Standby threads = takeStandby(ready.holdFiles());
            StandbyThread closerThread = threads.closer();
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicReference<PtraceSession> sessionRef = new AtomicReference<>();
            // The calling thread traces (it is running already: handing the trace to another thread cost 0.3-4 ms
            // of wake-up inside the command's time on two busy cores); ptrace binds tracees to one platform thread,
            // so a virtual caller hands it to a thread of its own.
            Runnable tracing = () -> {
                try {
                    // Created on the tracing thread: its native scratch memory is confined to it, as ptrace is.
                    PtraceSession session = new PtraceSession(ready.table(), ready.filter(), closerThread, producer);
                    sessionRef.set(session);
                    current.set(session);
                    outcome.set(session.run(ready.trampoline(), request, held));
                } catch (TraceException | RuntimeException e) {
                    outcome.set(e);
                } finally {
                    // The producer's last events, published before the consumer is told to finish.
                    ring.flush();
                }
            };
            // Started while the backend prepared: it has nothing to do until the command runs.
            Thread consumer = threads.consumer().run(() -> {
                while (producing.get()) {
                    long started = System.nanoTime();
                    long n = ring.drain(tracker);
                    events.addAndGet(n);
                    if (n > 0) {
                        busy.addAndGet(System.nanoTime() - started);
                    } else {
                        // Latency does not matter here, CPU does: on 2 cores a busy consumer slows the tracee.
                        LockSupport.parkNanos(5_000_000);
                    }
                }
                events.addAndGet(ring.drain(tracker));
            });
            consumerThread.set(consumer);
            // The compilers go down before the command starts and come back up only once the consumer is done: at
            // normal priority they delayed its last drain by up to 10 ms.
            try (CompilerThreadsBackOff.Lowered lowered = ready.compilers().lower()) {
                if (Thread.currentThread().isVirtual()) {
                    joinUninterruptibly(Thread.ofPlatform().name("roar-ptrace").start(tracing));
                } else {
                    tracing.run();
                }
                producing.set(false);
                LockSupport.unpark(consumer);
                joinUninterruptibly(consumer);
            }
            current.set(null);
            if (outcome.get() instanceof TraceException e) {
                throw e;
            }
            if (outcome.get() instanceof RuntimeException e) {
                throw new TraceException("the ptrace tracer failed: " + e, e);
            }
            int status = (Integer) outcome.get();
            int exitCode = Wait.exited(status) ? Wait.exitStatus(status) : 128 + Wait.termSignal(status);
            return new TraceReport("ptrace", exitCode, tracker.facts(), sessionRef.get().processes(), events.get(), 0,
                    tracker.unresolvedPaths(), start, Instant.now(), busy.get());
        }
    }

    /** The running command's first process, or 0 when none runs. */
    public int rootPid() {
        PtraceSession session = current.get();
        return session == null ? 0 : session.rootPid();
    }

    /** Forwards a signal to the running command's first process (roar forwards SIGTERM this way). */
    public void signalCommand(int signal) {
        PtraceSession session = current.get();
        if (session != null) {
            session.signalRoot(signal);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
