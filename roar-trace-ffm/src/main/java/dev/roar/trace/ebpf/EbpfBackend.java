package dev.roar.trace.ebpf;

import dev.roar.ffi.Bindings;
import dev.roar.ffi.CallState;
import dev.roar.ffi.Epoll;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Libbpf;
import dev.roar.ffi.Signals;
import dev.roar.ffi.Unistd;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.Tracer.Check;
import dev.roar.trace.classify.FileActivityTracker;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.launch.GatedSpawn;
import dev.roar.trace.launch.HeldCommand;
import dev.roar.trace.launch.StandbyThread;
import dev.roar.trace.launch.Trampoline;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The eBPF backend: roar's probes (roar-trace-bpf-probes) follow the command's process tree in the
 * kernel and write records into a BPF ring buffer, which a consumer thread reads from its mmap'd pages
 * and folds into the classifier while the command runs. Nothing stops the command.
 */
public final class EbpfBackend {
    private static final String OBJECT = "roar.bpf.o";
    private static final String UNAVAILABLE = "probes-unavailable.txt";
    private static final int POLL_MILLIS = 5;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private final AtomicInteger rootPid = new AtomicInteger();
    private LoadedProbes loaded;
    private StandbyThread consumerThread;
    private Path trampoline;

    /** What loading the probes needs, each answered without loading anything. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        String arch = System.getProperty("os.arch");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        checks.add(x86 ? Check.pass("architecture", "x86_64")
                : Check.fail("architecture", "the probes know x86_64 syscall numbers only, not " + arch, "use --tracer ptrace"));
        Optional<byte[]> object = probeObject();
        checks.add(object.isPresent() ? Check.pass("probes", "roar.bpf.o bundled (" + object.get().length / 1024 + " KiB)")
                : Check.fail("probes", "this roar was built without its BPF probes: " + buildProblem(),
                "install clang, libbpf-dev and bpftool, then rebuild roar (./mvnw package)"));
        checks.add(Trampoline.bundled() ? Check.pass("trampoline", "bundled")
                : Check.fail("trampoline", "this build has no trampoline for " + arch, "rebuild roar with gcc installed"));
        boolean btf = Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"));
        checks.add(btf ? Check.pass("btf", "/sys/kernel/btf/vmlinux")
                : Check.fail("btf", "the kernel exposes no BTF (/sys/kernel/btf/vmlinux), which the CO-RE probes need",
                "use a kernel built with CONFIG_DEBUG_INFO_BTF=y, or --tracer ptrace"));
        Optional<String> libbpf = Libbpf.unavailable();
        checks.add(libbpf.isEmpty() ? Check.pass("libbpf", Libbpf.LIBRARY)
                : Check.fail("libbpf", libbpf.get(), "apt-get install libbpf1"));
        checks.add(privileged() ? Check.pass("privileges", "may load BPF (root, CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON)")
                : Check.fail("privileges", "loading BPF needs root, or CAP_BPF and CAP_PERFMON (this process has neither)",
                "run roar as root (sudo), or give it CAP_BPF and CAP_PERFMON; 'roar tracer enable ebpf' explains"));
        Optional<Path> tracefs = Tracefs.mounted();
        checks.add(tracefs.isPresent() ? Check.pass("tracefs", "syscall tracepoints at " + tracefs.get())
                : privileged() ? Check.pass("tracefs", "not mounted; roar mounts it at " + Tracefs.STANDARD + " when it starts")
                : Check.fail("tracefs", "tracefs (the syscall tracepoints) is not mounted, or not readable by this user",
                "as root: mount -t tracefs tracefs " + Tracefs.STANDARD));
        return checks;
    }

    /** Whether this process may load tracing BPF programs (root, CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON). */
    static boolean privileged() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    boolean admin = (caps >>> CAP_SYS_ADMIN & 1) != 0;
                    boolean bpf = (caps >>> CAP_BPF & 1) != 0 && (caps >>> CAP_PERFMON & 1) != 0;
                    return admin || bpf;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: assume the worst, the load would tell anyway
        }
        return false;
    }

    private static Optional<byte[]> probeObject() {
        try (InputStream in = EbpfBackend.class.getResourceAsStream(OBJECT)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String buildProblem() {
        try (InputStream in = EbpfBackend.class.getResourceAsStream(UNAVAILABLE)) {
            return in == null ? "unknown reason (rebuild roar)" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown reason (rebuild roar)";
        }
    }

    /** Loads and attaches the probes (the expensive part: verification), ready for the next trace. */
    public synchronized void prepare() throws TraceException {
        if (loaded != null) {
            return;
        }
        Optional<Check> missing = checks().stream().filter(c -> !c.ok()).findFirst();
        if (missing.isPresent()) {
            throw new TraceException(missing.get().detail());
        }
        Bindings.linkAll();
        trampoline = Trampoline.extract();
        Tracefs.ensureMounted();
        loaded = LoadedProbes.load(probeObject().orElseThrow());
        GatedSpawn.warmUp(trampoline);
        loaded.warmUp();
        FileActivityTracker.warmUp();
        consumerThread = new StandbyThread("roar-ebpf-consumer");
    }

    /** Detaches and closes probes no trace took, and ends the consumer thread waiting for them. */
    public synchronized void release() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
        if (consumerThread != null) {
            consumerThread.cancel();
            consumerThread = null;
        }
    }

    /** Milliseconds the last prepare() spent loading and attaching the probes. */
    public synchronized double lastLoadMillis() {
        return loaded == null ? 0 : loaded.loadNanos / 1e6;
    }

    private synchronized LoadedProbes take() throws TraceException {
        prepare();
        LoadedProbes probes = loaded;
        loaded = null;
        return probes;
    }

    /** The consumer thread started while preparing (taken after {@link #take}, which prepares). */
    private synchronized StandbyThread takeConsumerThread() {
        StandbyThread thread = consumerThread;
        consumerThread = null;
        return thread != null ? thread : new StandbyThread("roar-ebpf-consumer");
    }

    public TraceReport trace(TraceRequest request) throws TraceException {
        return trace(request, null);
    }

    /** Traces a command started ahead (see HeldCommand); it must be called on the thread that started it. */
    public TraceReport trace(HeldCommand held) throws TraceException {
        return trace(held.request(), held);
    }

    private TraceReport trace(TraceRequest request, HeldCommand held) throws TraceException {
        try (LoadedProbes probes = take()) {
            Instant start = Instant.now();
            FileActivityTracker tracker = new FileActivityTracker(PathBytes.of(request.workingDirectory().toAbsolutePath().toString()));
            RecordDecoder decoder = new RecordDecoder(tracker, trampoline.toString().getBytes(StandardCharsets.UTF_8));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong busy = new AtomicLong();
            AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
            int exitCode;
            long dropped;
            try (CallState state = new CallState(); Wakeup wakeup = Wakeup.open(state)) {
                Thread consumer = takeConsumerThread().run(() -> {
                    try {
                        consume(probes, decoder, running, wakeup.readFd(), busy);
                    } catch (TraceException | RuntimeException e) {
                        consumerFailure.set(e);
                    }
                });
                try {
                    exitCode = runCommand(state, probes, request, held);
                    // Descendants may outlive the command's first process: follow them until the last is gone.
                    while (probes.anyTracked(state)) {
                        LockSupport.parkNanos(2_000_000);
                    }
                    dropped = probes.dropped(state);
                } finally {
                    rootPid.set(0);
                    running.set(false);
                    wakeup.signal();
                    joinUninterruptibly(consumer);
                }
            }
            if (consumerFailure.get() != null) {
                throw new TraceException("the eBPF event consumer failed: " + consumerFailure.get(), consumerFailure.get());
            }
            return new TraceReport("ebpf", exitCode, tracker.facts(), decoder.processes(), decoder.records(), dropped,
                    tracker.unresolvedPaths(), start, Instant.now(), busy.get());
        }
    }

    /** Runs the command's first process to its end and answers its exit code (128+signal when a signal ended it). */
    private int runCommand(CallState state, LoadedProbes probes, TraceRequest request, HeldCommand held) throws TraceException {
        GatedSpawn child = GatedSpawn.takeOrStart(held, state, trampoline, request);
        try (child) {
            try {
                probes.track(state, child.pid());
            } catch (TraceException e) {
                child.close(); // the trampoline exits 125 without running anything
                child.awaitExitCode();
                throw e;
            }
            rootPid.set(child.pid());
            child.release(new byte[0]);
        }
        return child.awaitExitCode();
    }

    private static void consume(LoadedProbes probes, RecordDecoder decoder, AtomicBoolean running, int wakeFd,
                                AtomicLong busy) throws TraceException {
        RingReader ring = probes.ring;
        try (CallState state = new CallState()) {
            int epoll = Epoll.create(state);
            if (epoll < 0) {
                throw new TraceException("epoll_create1 failed: " + Errno.name(state.errno()));
            }
            try {
                MemorySegment event = state.arena().allocate(Epoll.EVENT_SIZE * 4);
                if (Epoll.addReadable(state, epoll, probes.eventsFd, event) != 0
                        || Epoll.addReadable(state, epoll, wakeFd, event) != 0) {
                    throw new TraceException("cannot wait on the BPF ring buffer: " + Errno.name(state.errno()));
                }
                while (running.get()) {
                    long started = System.nanoTime();
                    if (ring.drain(decoder) > 0) {
                        busy.addAndGet(System.nanoTime() - started);
                    }
                    // The probes wake us only when the ring is filling up (see roar.bpf.c): poll meanwhile.
                    Epoll.await(state, epoll, event, 4, POLL_MILLIS);
                }
                // The producers are done (every traced task has exited): what is left is complete.
                long started = System.nanoTime();
                while (ring.drain(decoder) > 0) {
                    // drain until empty
                }
                busy.addAndGet(System.nanoTime() - started);
            } finally {
                Unistd.close(state, epoll);
            }
        }
    }

    /** Forwards a signal to the running command's first process (roar forwards SIGTERM this way). */
    /** The running command's first process, or 0 when none runs. */
    public int rootPid() {
        return Math.max(0, rootPid.get());
    }

    public void signalCommand(int signal) {
        int pid = rootPid.get();
        if (pid > 0) {
            try (CallState state = new CallState()) {
                Signals.kill(state, pid, signal);
            }
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
