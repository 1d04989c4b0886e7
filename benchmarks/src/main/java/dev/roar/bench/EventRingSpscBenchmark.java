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

import java.util.concurrent.TimeUnit;

/**
 * The event ring as the ptrace backend runs it: the benchmark thread offers (the tracer), a second thread
 * drains at the same time (the classifier's), each on one of this machine's two vCPUs. Reports the events per
 * second that pass through: the producer's rate, which the bounded ring holds to the consumer's. Where
 * {@link EventRingBenchmark} adds encoding and decoding up in one thread, this is what the ring carries when
 * they overlap. The consumer spins on an empty ring where the backend's parks for 5 ms: this measures what
 * the ring can carry, not the backend's wake-up policy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class EventRingSpscBenchmark {
    private EventRing ring;
    private TraceEvent[] batch;
    private volatile boolean draining;
    private Thread consumer;
    private final ChecksumSink sink = new ChecksumSink();

    @Setup(Level.Trial)
    public void setUp() {
        ring = new EventRing(1 << 20);
        batch = EventRingBenchmark.typicalBatch();
    }

    @Setup(Level.Iteration)
    public void startConsumer() {
        draining = true;
        consumer = Thread.ofPlatform().name("ring-consumer").daemon().start(() -> {
            while (draining) {
                if (ring.drain(sink) == 0) {
                    Thread.onSpinWait();
                }
            }
        });
    }

    /** Stops the consumer and empties the ring, so every iteration starts from an empty one. */
    @TearDown(Level.Iteration)
    public void stopConsumer() throws InterruptedException {
        ring.flush();
        draining = false;
        consumer.join();
        ring.drain(sink);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ring.close();
    }

    @Benchmark
    @OperationsPerInvocation(EventRingBenchmark.BATCH)
    public void offer() {
        for (TraceEvent event : batch) {
            while (!ring.offer(event)) {
                Thread.onSpinWait();
            }
        }
    }
}
