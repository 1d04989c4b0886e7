package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Resource;
import dev.roar.ffi.Unistd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Threads doing work whose result is needed only once the command has run (opening the store, listing
 * git's index), held at the lowest priority while the command runs.
 *
 * <p>Why: on a 2-core machine they ran beside the tracer during the command and took its CPU: in the
 * traced phase of `roar run true` the store's opening used 5-14 ms of CPU, and every stop of the command
 * waits for the tracer to be scheduled. Only while the command runs: lowered from their start, they got
 * little CPU beside the git check and the tracer's preparation, and the post-processing waited for them
 * (post 55 -> 110-120 ms in an A/B of 31 runs).
 */
public final class BackgroundThreads {
    private static final int LOWEST = 19;

    /** Live thread id -> the nice value it had when it started. */
    private final Map<Integer, Integer> running = new LinkedHashMap<>();
    private boolean low;

    /** Runs {@code work} on a new daemon thread (at the lowest priority when started inside {@link #lowered}). */
    public void start(String name, Runnable work) {
        Thread.ofPlatform().name(name).daemon().start(() -> {
            int tid = register();
            try {
                work.run();
            } finally {
                forget(tid); // an ended thread's id may be another process's by the time priorities are restored
            }
        });
    }

    /** The threads at the lowest priority until the result is closed. */
    public synchronized Lowered lowered() {
        low = true;
        try (CallState state = new CallState()) {
            running.keySet().forEach(tid -> Resource.setThreadNice(state, tid, LOWEST));
        }
        return this::restore;
    }

    /** Put back when closed, where the kernel allows: raising a priority needs CAP_SYS_NICE. */
    public interface Lowered extends AutoCloseable {
        @Override
        void close();
    }

    private synchronized void restore() {
        low = false;
        try (CallState state = new CallState()) {
            running.forEach((tid, nice) -> Resource.setThreadNice(state, tid, nice));
        }
    }

    private synchronized int register() {
        try (CallState state = new CallState()) {
            int tid = Unistd.gettid(state);
            // A new thread has its creator's nice value: roar's own, which `nice roar run` may have raised.
            int nice = CompilerThreadsBackOff.niceOf(Path.of("/proc/thread-self"));
            if (nice >= LOWEST) {
                return 0; // already as low as it goes: nothing to lower or put back
            }
            running.put(tid, nice);
            if (low) {
                Resource.setThreadNice(state, tid, LOWEST);
            }
            return tid;
        } catch (IOException | RuntimeException e) {
            return 0; // no procfs: the work runs at the priority it has
        }
    }

    private synchronized void forget(int tid) {
        running.remove(tid);
    }
}
