package dev.roar.trace.launch;

import dev.roar.trace.ProgramLocator;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.ptrace.PtraceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A command started ahead of its trace, held at the trampoline's gate: real processes, the real ptrace backend. */
class HeldCommandTest {
    @TempDir
    Path dir;

    @Test
    void aHeldCommandRunsOnceWhenTracedAndItsFilesAreSeen() throws Exception {
        Set<Long> before = children();
        try (HeldCommand held = HeldCommand.start(request("sh", "-c", "echo run >> runs.txt"))) {
            assertThat(children()).as("the trampoline waits at its gate").hasSize(before.size() + 1);
            assertThat(dir.resolve("runs.txt")).doesNotExist();
            TraceReport report = new PtraceBackend().trace(held);
            assertThat(report.exitCode()).isZero();
            assertThat(report.files()).anySatisfy(f -> {
                assertThat(f.path().display()).isEqualTo(dir.resolve("runs.txt").toString());
                assertThat(f.output()).isTrue();
            });
        }
        assertThat(Files.readString(dir.resolve("runs.txt"))).isEqualTo("run\n");
        assertThat(children()).isEqualTo(before);
    }

    @Test
    void closingAHeldCommandRunsNothingAndReapsIt() throws Exception {
        Set<Long> before = children();
        HeldCommand held = HeldCommand.start(request("sh", "-c", "echo run >> runs.txt"));
        assertThat(children()).hasSize(before.size() + 1);
        held.close();
        assertThat(children()).as("no zombie left").isEqualTo(before);
        assertThat(dir.resolve("runs.txt")).doesNotExist();
    }

    @Test
    void aHeldProcessKilledBeforeItsTraceIsStartedAfresh() throws Exception {
        Set<Long> before = children();
        try (HeldCommand held = HeldCommand.start(request("sh", "-c", "echo run >> runs.txt"))) {
            Set<Long> now = children();
            now.removeAll(before);
            long trampoline = now.iterator().next();
            // What Ctrl-C does to it while roar still waits for its tracer: it dies, roar goes on.
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(trampoline)).start().waitFor()).isZero();
            waitUntilDead(trampoline);
            TraceReport report = new PtraceBackend().trace(held);
            assertThat(report.exitCode()).isZero();
        }
        assertThat(Files.readString(dir.resolve("runs.txt"))).isEqualTo("run\n");
        assertThat(children()).isEqualTo(before);
    }

    @Test
    void onlyTheThreadThatStartedItCanTakeItAndOnlyOnce() throws Exception {
        Set<Long> before = children();
        try (HeldCommand held = HeldCommand.start(request("true"))) {
            assertThat(CompletableFuture.supplyAsync(held::take).get()).isEmpty();
            Optional<GatedSpawn> here = held.take();
            assertThat(here).isPresent();
            assertThat(held.take()).as("once").isEmpty();
            here.get().close(); // the gate closes unopened: the trampoline exits 125
            waitUntilDead(here.get().pid());
        }
        Set<Long> left = children();
        left.removeAll(before);
        // The taken process is the taker's to reap; it is a zombie here, exactly one.
        assertThat(left).hasSize(1);
        reap(left.iterator().next());
    }

    private TraceRequest request(String... argv) {
        Path executable = ProgramLocator.locate(argv[0], dir, System.getenv("PATH")).orElseThrow();
        Path nothing = Path.of("/dev/null");
        return new TraceRequest(List.of(argv), executable, dir, System.getenv(),
                new TraceRequest.Stdio(Optional.of(nothing), Optional.of(nothing), Optional.of(nothing)));
    }

    /** This process's child processes (zombies included), from every thread's children list. */
    private static Set<Long> children() throws IOException {
        Set<Long> out = new HashSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String pid : Files.readString(task.resolve("children")).trim().split(" ")) {
                        if (!pid.isEmpty()) {
                            out.add(Long.parseLong(pid));
                        }
                    }
                } catch (IOException e) {
                    // the thread ended while listing
                }
            }
        }
        return out;
    }

    private static void waitUntilDead(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 500; i++) {
            if (!Files.exists(stat) || Files.readString(stat).contains(") Z ")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + pid + " did not die");
    }

    private static void reap(long pid) {
        try (dev.roar.ffi.CallState state = new dev.roar.ffi.CallState()) {
            dev.roar.ffi.Wait.waitpid(state, (int) pid, state.arena().allocate(java.lang.foreign.ValueLayout.JAVA_INT), 0);
        }
    }
}
