package dev.roar.bench;

import dev.roar.core.hash.HashAlgorithm;
import dev.roar.trace.hash.NativeBlake3;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The digests roar names files by, over in-memory inputs of the sizes the issue names (4 KiB, 1 MiB,
 * 256 MiB): BLAKE3 as roar computes it (the native C library through FFM, one thread), Bouncy Castle's
 * BLAKE3 (the fallback when the build had no C sources) and SHA-256 (the JDK's) for comparison.
 * Microseconds per digest; divide the size by it for throughput. Whole-file threading: benchmarks/hash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class HashBenchmark {
    @Param({"4096", "1048576", "268435456"})
    int size;

    private byte[] data;

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[size];
        new Random(7).nextBytes(data);
    }

    @Benchmark
    public byte[] blake3Native() {
        return NativeBlake3.instance().orElseThrow().digest(data, 0, data.length);
    }

    @Benchmark
    public byte[] blake3BouncyCastle() {
        Blake3Digest digest = new Blake3Digest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public String sha256() {
        return digest(HashAlgorithm.SHA256);
    }

    private String digest(HashAlgorithm algorithm) {
        HashAlgorithm.Digester d = algorithm.newDigester();
        d.update(data, 0, data.length);
        return d.hex();
    }
}
