package dev.roar.trace.ring;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Mman;
import dev.roar.trace.event.RecordingSink;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEventSink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A single-producer, single-consumer ring of variable-length event records in off-heap memory.
 * The producer (the backend's tracing thread) never blocks and never allocates on the ring's
 * behalf; the consumer (the classifier's thread) drains in batches. Positions only grow; a record
 * that would straddle the end is preceded by a padding record and starts again at offset 0.
 *
 * <p>Record: see {@link EventCodec}; its header's low int is the record's length (8-byte aligned), -1 for
 * the padding record, whose high int is then the bytes to skip.
 *
 * <p>Neither side touches the ring's memory per event. The producer encodes into a small heap array
 * ({@code staged}) and copies it into the ring in one piece when it publishes, which it does only every
 * {@link #PUBLISH_EVERY} bytes anyway; the consumer copies what is published into its own heap array
 * ({@code fetched}) a chunk at a time and decodes from there. Every segment access pays bounds, liveness
 * and type checks that the JIT cannot hoist out of a per-event call: encoding and decoding each record
 * through the segment cost 20-35 ns an event, where a loop over the same accesses took 4.
 */
public final class EventRing implements AutoCloseable {
    private static final VarHandle POSITION = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PADDING = -1;
    /** {@link #consumeOne}'s answer for the padding record. */
    private static final int PADDED = -2;
    /**
     * Each side publishes its position in steps of this many bytes: the consumer also at the end of each
     * drain, the producer also on {@link #flush} and when the ring is full. With the producer's position
     * published per event, a consumer draining concurrently chased it line by line, each line moving between
     * the cores while still being written: 5.8-21 M events/s (median 7.3) through the ring in
     * EventRingSpscBenchmark, 11-19 M (median 13) with it published per 4 KiB.
     */
    private static final long PUBLISH_EVERY = 4096;
    /** The producer's array: a publication's worth, plus a record with two PATH_MAX paths (it grows for longer). */
    private static final int STAGED = (int) PUBLISH_EVERY + 2 * 4096 + 64;
    /** What the consumer copies out of the ring at once (more when a single record is longer). */
    private static final int FETCH = 16 * 1024;
    /** Producer and consumer positions on separate cache lines, so neither core's writes evict the other's. */
    private static final long PRODUCED = 0;
    private static final long CONSUMED = 128;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final MemorySegment positions;
    private final long capacity;
    private final long mask;

    // Producer-side state (producer thread only). The records from ring position `stagedFrom` on are in
    // `staged`, `stagedAt` bytes of them, not yet copied into the ring; the consumer sees up to the position
    // last published. A record that ends at or below `stagedLimit` (an index in `staged`) needs no padding
    // record, no fresh look at the consumer's position and no larger array.
    private final EventCodec.Writer writer;
    private byte[] staged = new byte[STAGED];
    private long stagedFrom;
    private int stagedAt;
    private int stagedLimit;
    private long consumedSeen;
    private long rejected;

    // Consumer-side state (consumer thread only).
    private final EventCodec.Reader reader;
    private long consumed;
    private byte[] fetched = new byte[FETCH];

    /** @param capacity bytes, a power of two of at least 4 KiB */
    public EventRing(long capacity) {
        if (capacity < 4096 || Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 4096, got " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.data = zeroedPages(capacity);
        this.positions = arena.allocate(256, 128);
        this.writer = new EventCodec.Writer(this, staged);
        this.reader = new EventCodec.Reader(fetched);
        limitStaging();
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
        if (!writer.write(event)) {
            rejected++;
            return false;
        }
        if (stagedAt >= PUBLISH_EVERY) {
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
        commit(stagedAt);
        stagedFrom += stagedAt;
        stagedAt = 0;
        POSITION.setRelease(positions, PRODUCED, stagedFrom);
        limitStaging();
    }

    /** Copies the first {@code bytes} of {@link #staged} into the ring where they belong, split where it ends. */
    private void commit(int bytes) {
        long offset = stagedFrom & mask;
        int first = (int) Math.min(bytes, capacity - offset);
        MemorySegment.copy(staged, 0, data, ValueLayout.JAVA_BYTE, offset, first);
        if (first < bytes) {
            MemorySegment.copy(staged, first, data, ValueLayout.JAVA_BYTE, 0, bytes - first);
        }
    }

    /**
     * Space for a record of {@code length} bytes (8-aligned, header included): its index in the staging array
     * the writer was given, or -1 when the consumer has not freed enough. Producer thread only; the writer
     * calls it once per event, so the common case is a single comparison.
     */
    int reserve(int length) {
        int at = stagedAt;
        int end = at + length;
        if (end > stagedLimit) {
            return reserveSlowly(length);
        }
        stagedAt = end;
        return at;
    }

    /**
     * {@link #reserve} where the record reaches the end of the ring (a padding record fills the rest, and the
     * record starts again at offset 0), or where the consumer's position last seen leaves no room, or where
     * the staging array is too short.
     */
    private int reserveSlowly(int length) {
        if (length > capacity / 2) {
            throw new IllegalArgumentException("event of " + length + " bytes exceeds half the ring (" + capacity + ")");
        }
        long produced = stagedFrom + stagedAt;
        long untilEnd = capacity - (produced & mask);
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
            // Only the padding's header is copied: the consumer skips the rest unread.
            LONG.set(staged, stagedAt, EventCodec.pair(PADDING, (int) untilEnd));
            commit(stagedAt + 8);
            stagedFrom = produced + untilEnd;
            stagedAt = 0;
        }
        if (staged.length < stagedAt + length) {
            staged = Arrays.copyOf(staged, Math.max(stagedAt + length, 2 * staged.length));
            writer.stageInto(staged);
        }
        int at = stagedAt;
        stagedAt += length;
        limitStaging();
        return at;
    }

    /**
     * Sets {@link #stagedLimit}: the staging array's end, the ring's end, what the consumer had freed when
     * last looked at, or half the ring (no record may be longer), whichever is first.
     */
    private void limitStaging() {
        long produced = stagedFrom + stagedAt;
        long ringLimit = Math.min(consumedSeen + capacity, (produced & ~mask) + capacity);
        stagedLimit = (int) Math.min(Math.min(ringLimit - stagedFrom, staged.length), capacity / 2);
    }

    /**
     * Decodes every record published so far into {@code sink}'s calls (no event objects: paths are lent where
     * they lie in the consumer's copy of the records, see {@link TraceEventSink}); returns how many. Consumer thread only.
     */
    public int drain(TraceEventSink sink) {
        long available = (long) POSITION.getAcquire(positions, PRODUCED);
        int count = 0;
        while (consumed < available) {
            count += drainChunk(sink, available);
        }
        POSITION.setRelease(positions, CONSUMED, consumed);
        return count;
    }

    /**
     * Copies published records from the consumer's position into {@link #fetched} (up to the ring's end, at
     * least one whole record) and decodes every whole record among them; returns how many events.
     */
    private int drainChunk(TraceEventSink sink, long available) {
        int length = fetch(available);
        long start = consumed;
        int at = 0;
        int count = 0;
        // One call per record, the loop only steps: HotSpot compiles a method after a few hundred calls, a loop
        // body only after tens of thousands of iterations (OSR), and the drain runs only every few
        // milliseconds. Once compiled, the same speed as decoding in the loop itself (JMH, alternated forks).
        while (at < length) {
            int next = consumeOne(sink, at, length, start);
            if (next == PADDED) {
                return count;
            }
            if (next < 0) {
                break;
            }
            at = next;
            count++;
        }
        consumed = start + at;
        return count;
    }

    /**
     * Decodes the record at index {@code at} of {@link #fetched}, which holds the ring's bytes from position
     * {@code start}, {@code length} of them: returns the index after it; -1 when it does not end within them
     * (the next chunk starts with it); {@link #PADDED} for the padding record (the consumer's position is then
     * past it, at the ring's start). The space is published as free only after its records are decoded (the
     * producer may reuse it then), and only every {@link #PUBLISH_EVERY} bytes: each publication is a store
     * the producer's core must fetch.
     */
    private int consumeOne(TraceEventSink sink, int at, int length, long start) {
        long header = (long) LONG.get(fetched, at);
        int recordLength = (int) header;
        if (recordLength == PADDING) {
            consumed = start + at + (header >>> 32);
            return PADDED;
        }
        int next = at + recordLength;
        if (next > length) {
            return -1;
        }
        reader.read(at, header, sink);
        if (((start + at) ^ (start + next)) >= PUBLISH_EVERY) {
            POSITION.setRelease(positions, CONSUMED, start + next);
        }
        return next;
    }

    /**
     * Copies published bytes from the consumer's position into {@link #fetched}: up to the ring's end or the
     * array's length, whichever is first, but always the whole record there (a record never straddles the
     * end); how many.
     */
    private int fetch(long available) {
        long offset = consumed & mask;
        long untilEnd = Math.min(available - consumed, capacity - offset);
        long header = data.get(ValueLayout.JAVA_LONG, offset);
        int first = (int) header == PADDING ? 8 : (int) header;
        if (fetched.length < first) {
            fetched = new byte[Integer.highestOneBit(first - 1) << 1];
            reader.fetchFrom(fetched);
        }
        int length = (int) Math.min(untilEnd, fetched.length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, fetched, 0, length);
        return length;
    }

    /** Offers that found the ring full (producer thread's count). */
    public long rejectedOffers() {
        return rejected;
    }

    public long capacity() {
        return capacity;
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
