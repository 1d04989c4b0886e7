package dev.roar.bench;

import dev.roar.trace.classify.FileActivityTracker;
import dev.roar.trace.classify.FileFact;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.event.TraceEvent;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The classifier's per-event step on the small-files workload's shape: each file opened by a
 * relative path, read or written, closed (events per second); and the summary a trace ends with,
 * every path's facts sorted by path, for the 1000 paths of that stream (microseconds).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ClassifierBenchmark {
    static final int FILES = 1000;
    static final int EVENTS_PER_FILE = 4;

    private TraceEvent[] stream;
    private FileActivityTracker classified;

    @Setup(Level.Trial)
    public void setUp() {
        stream = new TraceEvent[FILES * EVENTS_PER_FILE];
        for (int i = 0; i < FILES; i++) {
            byte[] path = ("data/shard_" + (i % 100) + "/part-" + i + ".bin").getBytes(StandardCharsets.UTF_8);
            boolean write = i % 2 == 0;
            stream[i * 4] = new TraceEvent.Opened(100, TraceEvent.AT_FDCWD, path, write ? 01101 : 0, 3, write);
            stream[i * 4 + 1] = write ? new TraceEvent.Written(100, 3, 512) : new TraceEvent.Read(100, 3, 512);
            stream[i * 4 + 2] = write ? new TraceEvent.Written(100, 3, 512) : new TraceEvent.Read(100, 3, 0);
            stream[i * 4 + 3] = new TraceEvent.Closed(100, 3);
        }
        classified = classifyStream();
    }

    @Benchmark
    @OperationsPerInvocation(FILES * EVENTS_PER_FILE)
    public FileActivityTracker classifyStream() {
        FileActivityTracker tracker = new FileActivityTracker(PathBytes.of("/home/user/project"));
        for (TraceEvent event : stream) {
            tracker.accept(event);
        }
        return tracker;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<FileFact> summarize() {
        return classified.facts();
    }
}
