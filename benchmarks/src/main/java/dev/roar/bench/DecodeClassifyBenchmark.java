package dev.roar.bench;

import dev.roar.trace.classify.FileActivityTracker;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.ebpf.RecordDecoder;
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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Each backend's consumer path from its wire format to the classifier's verdicts, on the small-files shape
 * (1000 files, each opened by a relative path, read or written, closed), 4 events a file:
 * <ul>
 *   <li>eBPF: the probes' ring records (roar_events.h: open with its baseline, one read or write, close), each
 *   behind the kernel ring's 8-byte header, walked as RingReader walks its copy and decoded into the tracker;</li>
 *   <li>ptrace: the events the tracer thread makes (open, baseline, probe, close: reads and writes are inferred
 *   from the probe) encoded into the ring, then drained into the tracker.</li>
 * </ul>
 * The ptrace tracer's own step before that (PTRACE_GET_SYSCALL_INFO, reading the path from the tracee) needs a
 * stopped tracee and is measured end to end instead (benchmarks/e2e). Reports events per second; the summary
 * made once per trace (every path's facts, sorted) is {@link ClassifierBenchmark#summarize}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DecodeClassifyBenchmark {
    // The same stream shape as ClassifierBenchmark's, so the two rates compare.
    static final int FILES = ClassifierBenchmark.FILES;
    static final int EVENTS_PER_FILE = ClassifierBenchmark.EVENTS_PER_FILE;
    private static final int OPEN = 4, CLOSE = 6, READ = 15, WRITE = 16;
    private static final int RING_HEADER = 8;
    private static final byte[] NO_TRAMPOLINE = new byte[0];
    private static final PathBytes CWD = PathBytes.of("/home/user/project");

    private MemorySegment records;
    private int recordBytes;
    private TraceEvent[] ptraceEvents;
    private EventRing ring;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] copy = new byte[FILES * 3 * 128];
        records = MemorySegment.ofArray(copy);
        ptraceEvents = new TraceEvent[FILES * EVENTS_PER_FILE];
        int at = 0;
        for (int i = 0; i < FILES; i++) {
            byte[] path = ("data/shard_" + (i % 100) + "/part-" + i + ".bin").getBytes(StandardCharsets.UTF_8);
            boolean write = i % 2 == 0;
            int flags = write ? 01101 : 0;
            // i2: bit 0 "regular file, baseline follows", bit 1 "created"
            at = record(at, OPEN, 100, 3, TraceEvent.AT_FDCWD, write ? 0b11 : 0b01, flags, 0, write ? 0 : 512, 1_700_000_000_000_000_000L, path);
            at = record(at, write ? WRITE : READ, 100, 3, 0, 0, 0, 512, 0, 0, new byte[0]);
            at = record(at, CLOSE, 100, 3, 0, 0, 0, 0, 0, 0, new byte[0]);
            ptraceEvents[i * 4] = new TraceEvent.Opened(100, TraceEvent.AT_FDCWD, path, flags, 3, write);
            ptraceEvents[i * 4 + 1] = new TraceEvent.Baseline(100, 3, write ? 0 : 512, 1_700_000_000_000_000_000L);
            ptraceEvents[i * 4 + 2] = new TraceEvent.Probed(100, 3, 512, 512, write ? 1_700_000_000_000_000_001L : 1_700_000_000_000_000_000L);
            ptraceEvents[i * 4 + 3] = new TraceEvent.Closed(100, 3);
        }
        recordBytes = at;
        ring = new EventRing(1 << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ring.close();
    }

    /** Appends one record as the kernel ring holds it: an 8-byte header (length), the 56-byte head, the path; 8-aligned. */
    private int record(int at, int kind, int tid, int i0, int i1, int i2, int u0, long x0, long x1, long x2, byte[] path) {
        int length = RecordDecoder.HEAD + path.length;
        records.set(ValueLayout.JAVA_INT_UNALIGNED, at, length);
        int r = at + RING_HEADER;
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r, kind);
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r + 4, tid);
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r + 8, i0);
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r + 12, i1);
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r + 16, i2);
        records.set(ValueLayout.JAVA_INT_UNALIGNED, r + 20, u0);
        records.set(ValueLayout.JAVA_LONG_UNALIGNED, r + 24, x0);
        records.set(ValueLayout.JAVA_LONG_UNALIGNED, r + 32, x1);
        records.set(ValueLayout.JAVA_LONG_UNALIGNED, r + 40, x2);
        records.set(ValueLayout.JAVA_SHORT_UNALIGNED, r + 48, (short) path.length);
        records.set(ValueLayout.JAVA_SHORT_UNALIGNED, r + 50, (short) 0);
        MemorySegment.copy(path, 0, records, ValueLayout.JAVA_BYTE, r + RecordDecoder.HEAD, path.length);
        return at + ((RING_HEADER + length + 7) & ~7);
    }

    @Benchmark
    @OperationsPerInvocation(FILES * EVENTS_PER_FILE)
    public FileActivityTracker ebpfRecordsIntoClassifier() {
        FileActivityTracker tracker = new FileActivityTracker(CWD);
        RecordDecoder decoder = new RecordDecoder(tracker, NO_TRAMPOLINE);
        for (int at = 0; at < recordBytes; ) {
            int length = records.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            decoder.accept(records.asSlice(at + RING_HEADER, length));
            at += (RING_HEADER + length + 7) & ~7;
        }
        return tracker;
    }

    @Benchmark
    @OperationsPerInvocation(FILES * EVENTS_PER_FILE)
    public FileActivityTracker ptraceRingIntoClassifier() {
        FileActivityTracker tracker = new FileActivityTracker(CWD);
        for (TraceEvent event : ptraceEvents) {
            if (!ring.offer(event)) {
                throw new IllegalStateException("ring sized for the batch");
            }
        }
        ring.flush();
        ring.drain(tracker);
        return tracker;
    }
}
