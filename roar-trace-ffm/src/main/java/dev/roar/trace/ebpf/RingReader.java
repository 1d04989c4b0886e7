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
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final CallState state;
    private final long pageSize;
    private final long dataSize;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;

    RingReader(CallState state, int mapFd, long dataSize) throws TraceException {
        this.state = state;
        this.pageSize = Mman.pageSize(state);
        this.dataSize = dataSize;
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

    /** Hands every committed record to {@code sink} (valid only during the call); returns how many. */
    int drain(Consumer<MemorySegment> sink) {
        long consumed = (long) LONG.getAcquire(consumer, 0L);
        long produced = (long) LONG.getAcquire(producer, 0L);
        int count = 0;
        while (consumed < produced) {
            long offset = consumed & (dataSize - 1);
            int header = (int) INT.getAcquire(data, offset);
            if ((header & BUSY) != 0) {
                break; // reserved, not yet committed: records after it wait too, in order
            }
            int length = header & ~(BUSY | DISCARD);
            if ((header & DISCARD) == 0) {
                sink.accept(data.asSlice(offset + HEADER, length));
                count++;
            }
            consumed += (length + HEADER + 7) & ~7L;
            LONG.setRelease(consumer, 0L, consumed);
            if (consumed >= produced) {
                produced = (long) LONG.getAcquire(producer, 0L);
            }
        }
        return count;
    }

    @Override
    public void close() {
        Mman.munmap(state, producer, pageSize + 2 * dataSize);
        Mman.munmap(state, consumer, pageSize);
    }
}
