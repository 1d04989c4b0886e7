package dev.roar.trace.ptrace;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Uio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Reads strings and words out of a stopped tracee with process_vm_readv. Tracer thread only. */
final class TraceeMemory {
    static final int PATH_MAX = 4096;
    private static final long PAGE = 4096;

    private final CallState state;
    private final MemorySegment buffer;
    private final MemorySegment localIov;
    private final MemorySegment remoteIov;

    TraceeMemory(CallState state) {
        this.state = state;
        this.buffer = state.arena().allocate(PATH_MAX + 8);
        this.localIov = state.arena().allocate(Uio.IOVEC);
        this.remoteIov = state.arena().allocate(Uio.IOVEC);
    }

    /**
     * The NUL-terminated string at {@code address}, up to PATH_MAX bytes, or null when the address
     * cannot be read. Reads never cross a page the string does not reach, since the next page may
     * be unmapped.
     */
    byte[] cString(int pid, long address) {
        if (address == 0) {
            return null;
        }
        long read = 0;
        while (read < PATH_MAX) {
            long at = address + read;
            long chunk = Math.min(PAGE - (at & (PAGE - 1)), PATH_MAX - read);
            long got = readInto(pid, at, read, chunk);
            if (got <= 0) {
                return null;
            }
            for (long i = read; i < read + got; i++) {
                if (buffer.get(ValueLayout.JAVA_BYTE, i) == 0) {
                    return buffer.asSlice(0, i).toArray(ValueLayout.JAVA_BYTE);
                }
            }
            read += got;
        }
        return buffer.asSlice(0, PATH_MAX).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The 8-byte word at {@code address}, or {@code fallback} when unreadable. */
    long word(int pid, long address, long fallback) {
        return readInto(pid, address, 0, 8) == 8 ? buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) : fallback;
    }

    private long readInto(int pid, long address, long offset, long length) {
        localIov.set(ValueLayout.ADDRESS, 0, buffer.asSlice(offset, length));
        localIov.set(ValueLayout.JAVA_LONG, 8, length);
        remoteIov.set(ValueLayout.ADDRESS, 0, MemorySegment.ofAddress(address));
        remoteIov.set(ValueLayout.JAVA_LONG, 8, length);
        return Uio.processVmReadv(state, pid, localIov, 1, remoteIov, 1);
    }
}
