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
    private final byte[] bytes = new byte[PATH_MAX + 8];
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
            // One bulk copy, then a plain array scan: per-byte segment reads cost ~10x more before C2 gets to them.
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, read, bytes, (int) read, (int) got);
            for (int i = (int) read; i < read + got; i++) {
                if (bytes[i] == 0) {
                    return java.util.Arrays.copyOf(bytes, i);
                }
            }
            read += got;
        }
        return java.util.Arrays.copyOf(bytes, PATH_MAX);
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
