package dev.roar.trace.ring;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Mman;
import dev.roar.trace.event.RecordingSink;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEventSink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A single-producer, single-consumer ring of variable-length event records in off-heap memory.
 * The producer (the backend's tracing thread) never blocks and never allocates on the ring's
 * behalf; the consumer (the classifier's thread) drains in batches. Positions only grow; a record
 * that would straddle the end is preceded by a padding record and starts again at offset 0.
 *
 * <p>Record: see {@link EventCodec}; its header's low int is the record's length (8-byte aligned), -1 for
 * the padding record, whose high int is then the bytes to skip.
 */
public final class EventRing implements AutoCloseable {
    private static final VarHandle POSITION = ValueLayout.JAVA_LONG.varHandle();
    private static final int PADDING = -1;
    /**
     * Each side publishes its position in steps of this many bytes (a power of two): the consumer also at
     * the end of each drain, the producer also on {@link #flush} and when the ring is full. With the
     * producer's position published per event, a consumer draining concurrently chased it line by line,
     * each line moving between the cores while still being written: 5.8-21 M events/s (median 7.3) through
     * the ring in EventRingSpscBenchmark, 11-19 M (median 13) with it published per 4 KiB.
     */
    private static final long PUBLISH_EVERY = 4096;
    /** Producer and consumer positions on separate cache lines, so neither core's writes evict the other's. */
    private static final long PRODUCED = 0;
    private static final long CONSUMED = 128;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final MemorySegment positions;
    private final long capacity;
    private final long mask;

    // Producer-side state (producer thread only).
    private final EventCodec.Writer writer;
    private long produced;
    private long consumedSeen;
    private long rejected;

    // Consumer-side state (consumer thread only).
    private final EventCodec.Reader reader;
    private long consumed;

    /** @param capacity bytes, a power of two of at least 4 KiB */
    public EventRing(long capacity) {
        if (capacity < 4096 || Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 4096, got " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.data = zeroedPages(capacity);
        this.positions = arena.allocate(256, 128);
        this.writer = new EventCodec.Writer(data, this);
        this.reader = new EventCodec.Reader(data);
    }

    /**
     * Runs one event of every kind through a small ring. The encoder's pattern switch is bootstrapped (a
     * class generated for it) the first time it runs: ~1.3 ms at a traced command's first exec, measured
     * in the traced phase of `roar run true`. A backend calls this while it prepares, before the command starts.
     */
    public static void warmUp() {
        try (EventRing ring = new EventRing(1 << 16)) {
            oneOfEachKind().forEach(ring::offer);
            ring.flush();
            ring.drain(new RecordingSink(event -> { }));
        }
    }

    /** An event of every kind, for {@link #warmUp}. */
    static List<TraceEvent> oneOfEachKind() {
        byte[] path = {'/', 'w'};
        return List.of(new TraceEvent.Forked(1, 2, false, false), new TraceEvent.Executed(1, -100, path),
                new TraceEvent.Exited(2), new TraceEvent.Opened(1, -100, path, 0, 3, false), new TraceEvent.Read(1, 3, 1),
                new TraceEvent.Written(1, 3, 1), new TraceEvent.Mapped(1, 3, true, false), new TraceEvent.Closed(1, 3),
                new TraceEvent.ClosedRange(1, 3, 4), new TraceEvent.Duplicated(1, 3, 4, false),
                new TraceEvent.Renamed(1, -100, path, -100, path), new TraceEvent.Linked(1, -100, path, -100, path),
                new TraceEvent.Unlinked(1, -100, path), new TraceEvent.Truncated(1, -100, path, -1),
                new TraceEvent.ChangedDirectory(1, path, -1), new TraceEvent.Baseline(1, 3, 1, 1), new TraceEvent.Probed(1, 3, 1, 1, 1));
    }

    /**
     * Appends {@code event}, which the consumer sees once published (see {@link #flush}); false when the
     * consumer is too far behind for it to fit (the caller decides: ptrace waits, since its tracee is stopped
     * anyway; a producer that cannot wait counts it as dropped).
     */
    public boolean offer(TraceEvent event) {
        long before = produced;
        if (!writer.write(event)) {
            rejected++;
            return false;
        }
        if ((before ^ produced) >= PUBLISH_EVERY) {
            flush();
        }
        return true;
    }

    /**
     * Makes every event offered so far visible to {@link #drain}. Offers publish on their own only every
     * {@link #PUBLISH_EVERY} bytes (and when the ring is full): a producer calls this when it stops
     * producing, or its last events stay unseen. Producer thread only.
     */
    public void flush() {
        POSITION.setRelease(positions, PRODUCED, produced);
    }

    /**
     * Space for a record of {@code length} bytes (8-aligned, header included): its offset, or -1 when the
     * consumer has not freed enough. A record that would straddle the end gets a padding record before it
     * and starts at offset 0. Producer thread only; the writer calls it once per event.
     */
    long reserve(int length) {
        if (length > capacity / 2) {
            throw new IllegalArgumentException("event of " + length + " bytes exceeds half the ring (" + capacity + ")");
        }
        long offset = produced & mask;
        long untilEnd = capacity - offset;
        long needed = length <= untilEnd ? length : untilEnd + length;
        if (produced + needed - consumedSeen > capacity) {
            consumedSeen = (long) POSITION.getAcquire(positions, CONSUMED);
            if (produced + needed - consumedSeen > capacity) {
                // What is offered but unpublished may be what the consumer needs to free the space.
                flush();
                return -1;
            }
        }
        if (length > untilEnd) {
            data.set(ValueLayout.JAVA_LONG, offset, EventCodec.pair(PADDING, (int) untilEnd));
            produced += untilEnd;
            offset = 0;
        }
        produced += length;
        return offset;
    }

    /**
     * Decodes every record published so far into {@code sink}'s calls (no event objects: paths are lent from
     * the ring's own arrays, see {@link TraceEventSink}); returns how many. Consumer thread only.
     */
    public int drain(TraceEventSink sink) {
        long available = (long) POSITION.getAcquire(positions, PRODUCED);
        int count = 0;
        // One call per record: HotSpot compiles a method after a few hundred calls, a loop body only after
        // tens of thousands of iterations (OSR), and drain itself runs only every few milliseconds.
        while (consumed < available) {
            if (consumeOne(sink)) {
                count++;
            }
        }
        POSITION.setRelease(positions, CONSUMED, consumed);
        return count;
    }

    /**
     * Consumes the record (or the wrap-around padding) at the consumer's position; whether it was an event.
     * The space is published as free only after the record is decoded (the producer may reuse it then), and
     * only every {@link #PUBLISH_EVERY} bytes: each publication is a store the producer's core must fetch.
     */
    private boolean consumeOne(TraceEventSink sink) {
        long offset = consumed & mask;
        long header = data.get(ValueLayout.JAVA_LONG, offset);
        int length = (int) header;
        if (length == PADDING) {
            consumed += header >>> 32;
            return false;
        }
        reader.read(offset, header, sink);
        long before = consumed;
        consumed += length;
        if ((before ^ consumed) >= PUBLISH_EVERY) {
            POSITION.setRelease(positions, CONSUMED, consumed);
        }
        return true;
    }

    /** Offers that found the ring full (producer thread's count). */
    public long rejectedOffers() {
        return rejected;
    }

    public long capacity() {
        return capacity;
    }

    private static int align(int length) {
        return (length + 7) & ~7;
    }

    @Override
    public void close() {
        arena.close();
    }

    /**
     * Fresh anonymous pages: zero without being written, and only the pages the events reach are ever
     * faulted in, where allocating from the arena would clear all of them up front (~5 ms for 4 MiB, paid
     * by every `roar run` however few events it sees). Falls back to the arena if mmap refuses.
     */
    private MemorySegment zeroedPages(long size) {
        try (CallState state = new CallState()) {
            MemorySegment mapped = Mman.mmap(state, size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
            if (mapped.address() == Mman.MAP_FAILED) {
                return arena.allocate(size, 64);
            }
            return mapped.reinterpret(size, arena, segment -> {
                try (CallState unmap = new CallState()) {
                    Mman.munmap(unmap, segment, size);
                }
            });
        }
    }
}
