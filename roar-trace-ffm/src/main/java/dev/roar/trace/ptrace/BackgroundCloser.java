package dev.roar.trace.ptrace;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Unistd;
import dev.roar.trace.launch.StandbyThread;

import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Closes the tracer's copies of the tracee's files on a thread of its own, in batches. The last close of
 * a file description is where the kernel finishes with it (for a file just written on ext4, even starts
 * writeback): ~8 us measured per copy, which the stopped tracee would otherwise wait for. On 2 cores the
 * tracee and the tracer take turns, so the other core is mostly free for this.
 */
final class BackgroundCloser implements AutoCloseable {
    private static final int BATCH = 64;
    private static final int[] STOP = new int[0];
    private static final int[] DRAIN = {-1};

    private final LinkedBlockingQueue<int[]> batches = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Boolean> drained = new LinkedBlockingQueue<>();
    private final Thread thread;
    private int[] pending = new int[BATCH];
    private int count;

    /**
     * {@code thread}: started ahead (see {@link StandbyThread}): starting it here, inside the traced command's
     * time, took 0.15-7 ms of the first stop's wait (marks around the session's construction).
     */
    BackgroundCloser(StandbyThread thread) {
        this.thread = thread.run(this::closeBatches);
    }

    /** A thread for a closer, to start while the backend prepares. */
    static StandbyThread standbyThread() {
        return new StandbyThread("roar-fd-closer");
    }

    /** Closes {@code fd} soon. */
    void close(int fd) {
        pending[count++] = fd;
        if (count == BATCH) {
            handOff();
        }
    }

    /** Returns once every descriptor passed to {@link #close(int)} so far is closed (before an exec). */
    void drain() {
        handOff();
        batches.add(DRAIN);
        try {
            drained.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        handOff();
        batches.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOff() {
        if (count > 0) {
            batches.add(Arrays.copyOf(pending, count));
            count = 0;
        }
    }

    private void closeBatches() {
        try (CallState state = new CallState()) {
            while (true) {
                int[] batch = batches.take();
                if (batch == STOP) {
                    return;
                }
                if (batch == DRAIN) {
                    drained.add(Boolean.TRUE);
                    continue;
                }
                for (int fd : batch) {
                    Unistd.close(state, fd);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
