package dev.roar.bench;

import dev.roar.trace.classify.PathBytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The classifier's path step: a path as a task passed it, made absolute against its directory and normalized,
 * in bytes. Three shapes: a plain relative path (the common case: a join), an absolute one (a copy), and one
 * with "." and ".." components (the full lexical walk). Nanoseconds per path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class PathResolutionBenchmark {
    private final PathBytes cwd = PathBytes.of("/home/user/project");
    private final byte[] relative = bytes("data/shard_17/part-1017.bin");
    private final byte[] absolute = bytes("/home/user/project/data/shard_17/part-1017.bin");
    private final byte[] dotted = bytes("./data/../data/shard_17/./part-1017.bin");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public PathBytes relativeJoin() {
        return cwd.resolve(relative);
    }

    @Benchmark
    public PathBytes absolute() {
        return cwd.resolve(absolute);
    }

    @Benchmark
    public PathBytes dottedNormalize() {
        return cwd.resolve(dotted);
    }
}
