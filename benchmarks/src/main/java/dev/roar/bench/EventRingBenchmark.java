package dev.roar.bench;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.ring.EventRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The event ring in one thread: offer a batch of typical events (reads, writes, an open with a
 * 40-byte path), then drain it into a sink that only checksums the fields. Reports events per second
 * through encode + decode, and with {@code -prof gc} the bytes allocated per event (0 is the target: the
 * drain hands fields and lent paths to the sink, never an event object).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class EventRingBenchmark {
    static final int BATCH = 1024;

    private EventRing ring;
    private TraceEvent[] batch;
    private final ChecksumSink sink = new ChecksumSink();

    @Setup(Level.Trial)
    public void setUp() {
        ring = new EventRing(1 << 20);
        batch = typicalBatch();
    }

    /** Reads and writes with an open and a close among them, a 40-byte path: what most of a trace is. */
    static TraceEvent[] typicalBatch() {
        TraceEvent[] batch = new TraceEvent[BATCH];
        byte[] path = "/home/user/project/data/train_000123.csv".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < BATCH; i++) {
            batch[i] = switch (i % 8) {
                case 0 -> new TraceEvent.Opened(100, TraceEvent.AT_FDCWD, path, 0, 3, false);
                case 7 -> new TraceEvent.Closed(100, 3);
                case 1, 2, 3 -> new TraceEvent.Read(100, 3, 65536);
                default -> new TraceEvent.Written(100, 4, 4096);
            };
        }
        return batch;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ring.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long offerThenDrain() {
        for (TraceEvent event : batch) {
            if (!ring.offer(event)) {
                throw new IllegalStateException("ring sized for the batch");
            }
        }
        ring.flush();
        ring.drain(sink);
        return sink.sum();
    }
}
