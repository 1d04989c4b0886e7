package dev.roar.trace.launch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerThreadsBackOffTest {

    @Test
    void lowersEveryCompilerThreadAndNothingElseThenPutsThemBack() throws IOException {
        Map<Integer, Integer> before = niceByThread(true);
        Map<Integer, Integer> others = niceByThread(false);
        assertThat(before).as("HotSpot runs JIT compiler threads in this test JVM").isNotEmpty();

        try (CompilerThreadsBackOff.Lowered lowered = CompilerThreadsBackOff.find().lower()) {
            assertThat(lowered.count()).isEqualTo(before.size());
            assertThat(niceByThread(true).values()).containsOnly(19);
            Map<Integer, Integer> othersNow = niceByThread(false);
            others.forEach((tid, nice) -> {
                if (othersNow.containsKey(tid)) {
                    assertThat(othersNow.get(tid)).as("thread %d is not a compiler thread", tid).isEqualTo(nice);
                }
            });
        }
        // Raising them again needs CAP_SYS_NICE: root here, as in CI.
        assertThat(niceByThread(true)).isEqualTo(before);
    }

    @Test
    void readsTheNiceValueAfterAThreadNameWithSpacesAndParentheses() throws IOException {
        Path task = Files.createTempDirectory("task");
        Files.writeString(task.resolve("stat"),
                "4242 (C1 Compiler) x) S 1 4242 4242 0 -1 4194624 5 0 0 0 3 1 0 0 20 7 1 0 100 0 0");
        assertThat(CompilerThreadsBackOff.niceOf(task)).isEqualTo(7);
    }

    private static Map<Integer, Integer> niceByThread(boolean compilers) throws IOException {
        Map<Integer, Integer> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
                    boolean compiler = comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
                    if (compiler == compilers) {
                        out.put(Integer.parseInt(task.getFileName().toString()), CompilerThreadsBackOff.niceOf(task));
                    }
                } catch (IOException e) {
                    // the thread ended while listing
                }
            }
        }
        return out;
    }
}
