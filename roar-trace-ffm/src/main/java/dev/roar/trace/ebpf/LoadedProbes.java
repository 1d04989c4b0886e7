package dev.roar.trace.ebpf;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Libbpf;
import dev.roar.trace.TraceException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * roar's BPF object, loaded into the kernel (CO-RE relocated, verified) and attached, with the fds of
 * the maps the tracer uses. One per traced run: its maps start empty. Closing detaches everything.
 */
final class LoadedProbes implements AutoCloseable {
    private static final int KERNEL_WAIT_THREADS = 16;
    private final MemorySegment object;
    private final List<MemorySegment> links;
    final int trackedFd;
    final int eventsFd;
    final RingReader ring;
    final int droppedFd;
    final long loadNanos;

    private LoadedProbes(MemorySegment object, List<MemorySegment> links, int trackedFd, int eventsFd, RingReader ring,
                         int droppedFd, long loadNanos) {
        this.object = object;
        this.links = links;
        this.trackedFd = trackedFd;
        this.eventsFd = eventsFd;
        this.ring = ring;
        this.droppedFd = droppedFd;
        this.loadNanos = loadNanos;
    }

    static LoadedProbes load(byte[] elf) throws TraceException {
        long started = System.nanoTime();
        try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
            // libbpf keeps its own copy of the ELF bytes after open.
            MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, elf);
            MemorySegment object = Libbpf.openMem(state, bytes, elf.length);
            if (object.address() == 0) {
                throw new TraceException("libbpf could not open roar's BPF object: " + Errno.name(state.errno()));
            }
            List<MemorySegment> links = new ArrayList<>();
            try {
                int error = Libbpf.load(state, object);
                if (error != 0) {
                    throw new TraceException("the kernel refused roar's BPF programs: " + Errno.name(-error) + explain(-error));
                }
                List<MemorySegment> programs = new ArrayList<>();
                for (MemorySegment p = Libbpf.nextProgram(state, object, MemorySegment.NULL); p.address() != 0;
                     p = Libbpf.nextProgram(state, object, p)) {
                    programs.add(p);
                }
                attachInParallel(programs, links);
                MemorySegment events = map(state, arena, object, "events");
                int eventsFd = Libbpf.mapFd(state, events);
                RingReader ring = new RingReader(eventsFd, Integer.toUnsignedLong(Libbpf.maxEntries(state, events)));
                LoadedProbes probes = new LoadedProbes(object, links, Libbpf.mapFd(state, map(state, arena, object, "tracked")),
                        eventsFd, ring, Libbpf.mapFd(state, map(state, arena, object, "dropped")), System.nanoTime() - started);
                links = null;
                return probes;
            } finally {
                if (links != null) {
                    links.forEach(link -> Libbpf.destroyLink(state, link));
                    Libbpf.close(state, object);
                }
            }
        }
    }

    /**
     * Attaching a syscall tracepoint program can wait in the kernel (perf event set-up, RCU grace periods):
     * ~34 programs one after another took ~100-300 ms here on 2026-11-29, and 1.5-2.7 ms on 2026-11-30 (35
     * programs, a throwaway libbpf loop), so the wait depends on the kernel's state at the time. The waits
     * overlap when several threads attach at once, as they do for detaching. On failure every link made so
     * far is in {@code links} (the caller destroys them) and the first failure is thrown.
     */
    private static void attachInParallel(List<MemorySegment> programs, List<MemorySegment> links) throws TraceException {
        MemorySegment[] attached = new MemorySegment[programs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        Runnable attacher = () -> {
            try (CallState own = new CallState()) {
                int i;
                while ((i = next.getAndIncrement()) < programs.size() && failure.get() == null) {
                    MemorySegment link = Libbpf.attach(own, programs.get(i));
                    if (link.address() == 0) {
                        int errno = own.errno();
                        failure.compareAndSet(null, "cannot attach BPF program " + Libbpf.programName(own, programs.get(i)) + ": "
                                + Errno.name(errno) + explain(errno));
                    } else {
                        attached[i] = link;
                    }
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(KERNEL_WAIT_THREADS, programs.size()); t++) {
            helpers.add(Thread.ofPlatform().name("roar-bpf-attach").start(attacher));
        }
        attacher.run();
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, "interrupted while attaching BPF programs");
            }
        }
        for (MemorySegment link : attached) {
            if (link != null) {
                links.add(link);
            }
        }
        if (failure.get() != null) {
            throw new TraceException(failure.get());
        }
    }

    private static String explain(int errno) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> " (loading BPF needs root, or CAP_BPF and CAP_PERFMON)";
            default -> "";
        };
    }

    private static MemorySegment map(CallState state, Arena arena, MemorySegment object, String name) throws TraceException {
        MemorySegment map = Libbpf.findMap(state, object, arena.allocateFrom(name));
        if (map.address() == 0) {
            throw new TraceException("roar's BPF object has no map '" + name + "': the probes and this roar do not match");
        }
        return map;
    }

    /** Puts a thread id into the traced set: from then on it and everything it starts is followed. */
    void track(CallState state, int tid) throws TraceException {
        try (Arena arena = Arena.ofConfined()) {
            int error = Libbpf.mapUpdate(state, trackedFd, arena.allocateFrom(ValueLayout.JAVA_INT, tid),
                    arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1), 0);
            if (error != 0) {
                throw new TraceException("cannot register the command's pid with the BPF probes: " + Errno.name(-error));
            }
        }
    }

    /** Whether any followed task is still alive (the kernel removes each at its exit). */
    boolean anyTracked(CallState state) {
        try (Arena arena = Arena.ofConfined()) {
            return Libbpf.mapNextKey(state, trackedFd, MemorySegment.NULL, arena.allocate(ValueLayout.JAVA_INT)) == 0;
        }
    }

    /** First (slow) invocations of the map calls a trace makes, on calls without effect, before the trace. */
    void warmUp() {
        try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
            MemorySegment zero = arena.allocateFrom(ValueLayout.JAVA_INT, 0);
            Libbpf.mapUpdate(state, droppedFd, zero, arena.allocateFrom(ValueLayout.JAVA_LONG, 0L), 0);
            anyTracked(state);
            dropped(state);
        }
    }

    /** Records the kernel could not put into the ring buffer because it was full. */
    long dropped(CallState state) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            return Libbpf.mapLookup(state, droppedFd, arena.allocateFrom(ValueLayout.JAVA_INT, 0), value) == 0
                    ? value.get(ValueLayout.JAVA_LONG, 0) : 0;
        }
    }

    /**
     * Detaches and frees everything; the slow part of detaching is left to a helper process (see {@link DeferredTeardown}),
     * and unmapping the ring (milliseconds, see {@link RingReader}) to a thread of its own.
     */
    @Override
    public void close() {
        Thread.ofPlatform().name("roar-bpf-unmap").daemon().start(ring::close);
        try (CallState state = new CallState()) {
            List<Integer> fds = new ArrayList<>();
            for (MemorySegment link : links) {
                fds.add(Libbpf.linkFd(state, link));
            }
            Optional<DeferredTeardown.Holder> holder = DeferredTeardown.handOff(fds);
            if (holder.isPresent()) {
                links.forEach(link -> Libbpf.destroyLink(state, link));
                Libbpf.close(state, object);
                holder.get().release();
            } else {
                // No helper: detach from several threads at once, so the kernel's waits overlap.
                detachInParallel();
                Libbpf.close(state, object);
            }
        }
    }

    private void detachInParallel() {
        List<Thread> closers = new ArrayList<>();
        int perThread = Math.max(1, (links.size() + KERNEL_WAIT_THREADS - 1) / KERNEL_WAIT_THREADS);
        for (int from = 0; from < links.size(); from += perThread) {
            List<MemorySegment> part = links.subList(from, Math.min(links.size(), from + perThread));
            closers.add(Thread.ofPlatform().name("roar-bpf-detach").start(() -> {
                try (CallState state = new CallState()) {
                    part.forEach(link -> Libbpf.destroyLink(state, link));
                }
            }));
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
