package dev.roar.trace.ebpf;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Mman;
import dev.roar.trace.TraceException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Reads a BPF ring buffer straight from its mmap'd pages: no per-record native call. Layout (kernel
 * ringbuf.c): page 0 is the consumer position (ours to write), page 1 the producer position, then
 * the data area mapped twice in a row so a record that wraps is still contiguous. Each record has an
 * 8-byte header whose length word carries BUSY (still being written) and DISCARD bits.
 */
final class RingReader implements AutoCloseable {
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HEADER = 8;
    /** The most one drain copies out: the kernel's ring is large (it absorbs bursts), the copy need not be. */
    private static final long MAX_BATCH = 8 << 20;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final long pageSize;
    private final long dataSize;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    /** The records of one drain, copied out of the ring (grows to the largest batch, at most the ring's size). */
    private byte[] copy = new byte[64 * 1024];
    /** Records handed to a sink so far. */
    private long delivered;

    /**
     * Maps the ring. The kernel fills in the page tables of the whole mapping at once (a 64 MiB ring is mapped
     * twice: 32k pages), which took 6-30 ms, and unmapping as long, holding the process's memory map lock all
     * the while: every other thread's page fault, and the command's posix_spawn, waited for it. So the ring is
     * mapped while the probes are prepared, before the command starts, and unmapped off the trace's path.
     */
    RingReader(int mapFd, long dataSize) throws TraceException {
        this.dataSize = dataSize;
        try (CallState state = new CallState()) {
            this.pageSize = Mman.pageSize(state);
            MemorySegment c = Mman.mmap(state, pageSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, mapFd, 0);
            if (c.address() == Mman.MAP_FAILED) {
                throw new TraceException("cannot map the BPF ring buffer's consumer page: " + Errno.name(state.errno()));
            }
            this.consumer = c.reinterpret(pageSize);
            MemorySegment p = Mman.mmap(state, pageSize + 2 * dataSize, Mman.PROT_READ, Mman.MAP_SHARED, mapFd, pageSize);
            if (p.address() == Mman.MAP_FAILED) {
                Mman.munmap(state, consumer, pageSize);
                throw new TraceException("cannot map the BPF ring buffer's data: " + Errno.name(state.errno()));
            }
            this.producer = p.reinterpret(pageSize + 2 * dataSize);
            this.data = producer.asSlice(pageSize);
        }
    }

    /**
     * Hands every committed record to {@code sink} (valid only during the call); returns how many.
     *
     * <p>In two passes: the committed records are found by their headers alone, copied out in one bulk
     * copy and their space handed back to the kernel at once; only then are they decoded, from the copy.
     * The kernel drops what does not fit in the ring, and a consumer still running cold (interpreted)
     * code decodes far slower than it walks headers and copies: decoding in place, the first 1 M-event
     * burst of a JVM lost 0.4-0.7 M events (measured).
     */
    int drain(Consumer<MemorySegment> sink) {
        long start = (long) LONG.getAcquire(consumer, 0L);
        long produced = (long) LONG.getAcquire(producer, 0L);
        long end = start;
        // The loops below only call: a record's work is in its own method, which HotSpot compiles after a
        // few hundred records, where a loop body waits for tens of thousands of iterations (OSR) and a cold
        // consumer would decode its first burst in the interpreter.
        long limit = Math.min(dataSize, MAX_BATCH);
        while (end < produced && end - start < limit) {
            long next = committedEnd(end);
            if (next < 0) {
                break; // reserved, not yet committed: records after it wait too, in order
            }
            end = next;
            if (end >= produced) {
                produced = (long) LONG.getAcquire(producer, 0L);
            }
        }
        int bytes = (int) (end - start);
        if (bytes == 0) {
            return 0;
        }
        if (copy.length < bytes) {
            copy = new byte[Math.max(bytes, copy.length * 2)];
        }
        // The data pages are mapped twice in a row: a stretch that wraps is contiguous here.
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, start & (dataSize - 1), copy, 0, bytes);
        LONG.setRelease(consumer, 0L, end);
        MemorySegment records = MemorySegment.ofArray(copy);
        long before = delivered;
        for (int at = 0; at < bytes; ) {
            at = deliver(records, at, sink);
        }
        return (int) (delivered - before);
    }

    /** Where the record at {@code at} (a ring position) ends, or -1 while it is still being written. */
    private long committedEnd(long at) {
        int header = (int) INT.getAcquire(data, at & (dataSize - 1));
        if ((header & BUSY) != 0) {
            return -1;
        }
        return at + (((header & ~(BUSY | DISCARD)) + HEADER + 7) & ~7L);
    }

    /** Hands the copied record at {@code at} to the sink unless the kernel discarded it; returns where the next starts. */
    private int deliver(MemorySegment records, int at, Consumer<MemorySegment> sink) {
        int header = records.get(ValueLayout.JAVA_INT_UNALIGNED, at);
        int length = header & ~(BUSY | DISCARD);
        if ((header & DISCARD) == 0) {
            sink.accept(records.asSlice(at + HEADER, length));
            delivered++;
        }
        return at + ((length + HEADER + 7) & ~7);
    }

    /** Unmaps the ring; from any thread, once no drain runs. */
    @Override
    public void close() {
        try (CallState state = new CallState()) {
            Mman.munmap(state, producer, pageSize + 2 * dataSize);
            Mman.munmap(state, consumer, pageSize);
        }
    }
}
