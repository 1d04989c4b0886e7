package dev.roar.trace.launch;

import java.util.concurrent.CompletableFuture;

/**
 * A platform thread started ahead of time that runs one task when it is handed one.
 *
 * <p>Why: {@code Thread.start} returns only once the new thread is up, and in a cold JVM on two busy
 * cores that took 0.5-7 ms per thread (measured between the start of a ptrace trace and the tracer
 * thread's first step), all of it inside the traced command's time. The backends start their threads
 * while they prepare, and hand them their work when the command starts.
 */
public final class StandbyThread {
    private final CompletableFuture<Runnable> task = new CompletableFuture<>();
    private final Thread thread;

    /** Starts the thread; it waits for {@link #run} (daemon: an unused one, a backend prepared for a run that stopped before its command, never holds the JVM up). */
    public StandbyThread(String name) {
        thread = Thread.ofPlatform().name(name).daemon().start(() -> task.join().run());
    }

    /** Lets the thread end without a task (its backend was prepared for a run that stopped before its command). */
    public void cancel() {
        task.complete(() -> { });
    }

    /** Hands the thread its task; returns the thread, to join. A standby thread runs one task only. */
    public Thread run(Runnable work) {
        if (!task.complete(work)) {
            throw new IllegalStateException(thread.getName() + " was already given its task");
        }
        return thread;
    }
}
