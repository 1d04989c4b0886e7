package dev.roar.trace.launch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundThreadsTest {

    @Test
    void threadsRunLowOnlyWhileLoweredAndComeBackAfter() throws Exception {
        BackgroundThreads helpers = new BackgroundThreads();
        CountDownLatch finish = new CountDownLatch(1);
        Worker early = new Worker(finish);
        helpers.start("early-helper", early);
        int tid = early.tid.get(10, TimeUnit.SECONDS);
        int start = niceOf(tid);
        assertThat(start).as("a new thread starts at roar's own nice value").isLessThan(19);

        Worker late = new Worker(finish);
        try (BackgroundThreads.Lowered lowered = helpers.lowered()) {
            assertThat(niceOf(tid)).isEqualTo(19);
            helpers.start("late-helper", late);
            int lateTid = late.tid.get(10, TimeUnit.SECONDS);
            waitUntilNice(lateTid, 19);
        }
        // Raising them again needs CAP_SYS_NICE: root here, as in CI.
        assertThat(niceOf(tid)).isEqualTo(start);
        assertThat(niceOf(late.tid.get())).isEqualTo(start);
        finish.countDown();
    }

    @Test
    void theWorkRunsWhetherOrNotItIsLowered() throws Exception {
        BackgroundThreads helpers = new BackgroundThreads();
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> "done", work -> helpers.start("helper", work));
        try (BackgroundThreads.Lowered lowered = helpers.lowered()) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        }
    }

    /** Registration and lowering happen on the new thread just before the work: give it a moment. */
    private static void waitUntilNice(int tid, int nice) throws IOException, InterruptedException {
        for (int i = 0; i < 200 && niceOf(tid) != nice; i++) {
            Thread.sleep(10);
        }
        assertThat(niceOf(tid)).isEqualTo(nice);
    }

    private static int niceOf(int tid) throws IOException {
        return CompilerThreadsBackOff.niceOf(Path.of("/proc/self/task/" + tid));
    }

    /** Reports its thread id, then waits until told to finish. */
    private static final class Worker implements Runnable {
        final CompletableFuture<Integer> tid = new CompletableFuture<>();
        private final CountDownLatch finish;

        Worker(CountDownLatch finish) {
            this.finish = finish;
        }

        @Override
        public void run() {
            try {
                Path self = Path.of("/proc/thread-self").toRealPath();
                tid.complete(Integer.parseInt(self.getFileName().toString()));
                finish.await(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                tid.completeExceptionally(e);
            }
        }
    }
}
