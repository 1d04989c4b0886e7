package dev.roar.trace.ptrace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PtraceTracerTest {
    @TempDir
    Path dir;

    @Test
    void shellPipelineReadsItsInputAndWritesItsOutput() throws Exception {
        Files.writeString(dir.resolve("a"), "hello\n");
        TracedRun run = TracedRun.run(dir, "sh", "-c", "cat a | tr a-z A-Z > b");
        assertThat(run.report.exitCode()).as(run.toString()).isZero();
        assertThat(dir.resolve("b")).hasContent("HELLO");
        assertThat(run.under(dir)).as(run.toString()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", "in", "b", "out"));
    }
}
