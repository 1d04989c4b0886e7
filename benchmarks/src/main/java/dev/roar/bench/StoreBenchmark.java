package dev.roar.bench;

import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileDigests;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.run.JobRecord;
import dev.roar.core.run.JobRecorder;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Recording one job with 10,000 inputs and 10,000 outputs into a real SQLite store, in the single
 * transaction `roar run` uses (the target: under 0.5 s). Each invocation writes into a fresh store
 * so every artifact is new, the expensive case. Milliseconds per job.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StoreBenchmark {
    static final int FILES = 10_000;

    private Path dir;
    private Store store;
    private JobRecord job;

    @Setup(Level.Invocation)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("roar-store-bench");
        store = Store.create(dir.resolve("roar.db"));
        List<PathBytes> inputs = new ArrayList<>();
        List<PathBytes> outputs = new ArrayList<>();
        Map<PathBytes, FileDigests> digests = new HashMap<>();
        for (int i = 0; i < FILES; i++) {
            inputs.add(file(dir, "in/" + i + ".csv", digests));
            outputs.add(file(dir, "out/" + i + ".bin", digests));
        }
        job = new JobRecord(JobRecorder.newJobUid(), JobType.RUN, "python big.py", 1.7e9, 1.0, 0,
                new GitState(Optional.of("0123456789abcdef0123456789abcdef01234567"), Optional.of("main"), Optional.empty(), List.of()),
                "ebpf", 0, "{}", inputs, outputs, digests, "identity", null);
    }

    private static PathBytes file(Path dir, String name, Map<PathBytes, FileDigests> digests) {
        PathBytes path = PathBytes.of(dir.resolve(name).toString());
        digests.put(path, new FileDigests(new FileStat(1, name.hashCode(), 0100644, 100, 1),
                Map.of(HashAlgorithm.BLAKE3, HashAlgorithm.BLAKE3.digest(name.getBytes(StandardCharsets.UTF_8)))));
        return path;
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public JobRecorder.Recorded recordJobWith10kInputsAnd10kOutputs() {
        return JobRecorder.record(store, dir.resolve(".roar"), job);
    }
}
