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
 * <p>Record: int total length (header included, 8-byte aligned), then the codec's payload.
 */
public final class EventRing implements AutoCloseable {
    private static final VarHandle POSITION = ValueLayout.JAVA_LONG.varHandle();
    private static final int HEADER = 4;
    private static final int PADDING = -1;
    /** Producer and consumer positions on separate cache lines, so neither core's writes evict the other's. */
    private static final long PRODUCED = 0;
    private static final long CONSUMED = 128;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final MemorySegment positions;
    private final long capacity;
    private final long mask;

    // Producer-side state (producer thread only).
    private final EventCodec.Writer writer = new EventCodec.Writer();
    private long produced;
    private long consumedSeen;
    private long rejected;

    // Consumer-side state (consumer thread only).
    private final EventCodec.Reader reader = new EventCodec.Reader();
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
    }

    /**
     * Runs one event of every kind through a small ring. The encoder's pattern switches are bootstrapped (a
     * class generated per switch) the first time they run: ~1.3 ms at a traced command's first exec, measured
     * in the traced phase of `roar run true`. A backend calls this while it prepares, before the command starts.
     */
    public static void warmUp() {
        try (EventRing ring = new EventRing(1 << 16)) {
            oneOfEachKind().forEach(ring::offer);
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
     * Appends {@code event}; false when the consumer is too far behind for it to fit (the caller
     * decides: ptrace waits, since its tracee is stopped anyway; eBPF counts it as dropped).
     */
    public boolean offer(TraceEvent event) {
        int length = align(HEADER + EventCodec.size(event));
        if (length > capacity / 2) {
            throw new IllegalArgumentException("event of " + length + " bytes exceeds half the ring (" + capacity + ")");
        }
        long offset = produced & mask;
        long untilEnd = capacity - offset;
        long needed = length <= untilEnd ? length : untilEnd + length;
        if (produced + needed - consumedSeen > capacity) {
            consumedSeen = (long) POSITION.getAcquire(positions, CONSUMED);
            if (produced + needed - consumedSeen > capacity) {
                rejected++;
                return false;
            }
        }
        if (length > untilEnd) {
            data.set(ValueLayout.JAVA_INT, offset, PADDING);
            data.set(ValueLayout.JAVA_INT, offset + 4, (int) untilEnd);
            produced += untilEnd;
            offset = 0;
        }
        data.set(ValueLayout.JAVA_INT, offset, length);
        writer.write(data, offset + HEADER, event);
        produced += length;
        POSITION.setRelease(positions, PRODUCED, produced);
        return true;
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

    /** Consumes the record (or the wrap-around padding) at the consumer's position; whether it was an event. */
    private boolean consumeOne(TraceEventSink sink) {
        long offset = consumed & mask;
        int length = data.get(ValueLayout.JAVA_INT, offset);
        if (length == PADDING) {
            consumed += data.get(ValueLayout.JAVA_INT, offset + 4);
            return false;
        }
        consumed += length;
        // The record's space is published as free only after it is decoded: the producer may reuse it then.
        reader.read(data, offset + HEADER, sink);
        POSITION.setRelease(positions, CONSUMED, consumed);
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
