package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Pidfd;
import dev.roar.ffi.Unistd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Copies of another process's stdin, stdout and stderr (pidfd_getfd: the same open file descriptions, offsets
 * and O_APPEND included), so the daemon writes where the roar client's own output would have gone: a
 * terminal, a pipe, a file opened with {@code >} or {@code >>}.
 */
public final class ClientDescriptors implements AutoCloseable {
    private final int[] fds;

    private ClientDescriptors(int[] fds) {
        this.fds = fds;
    }

    /** Takes the copies; fails when the process is gone or this one may not take its descriptors. */
    public static ClientDescriptors of(long pid) throws IOException {
        try (CallState state = new CallState()) {
            int pidfd = Pidfd.open(state, (int) pid, 0);
            if (pidfd < 0) {
                throw new IOException("pidfd_open(" + pid + ") failed: " + Errno.name(state.errno()));
            }
            int[] fds = {-1, -1, -1};
            try {
                for (int fd = 0; fd < 3; fd++) {
                    fds[fd] = Pidfd.getFd(state, pidfd, fd);
                    if (fds[fd] < 0) {
                        int errno = state.errno();
                        closeAll(state, fds);
                        throw new IOException("cannot take descriptor " + fd + " of process " + pid + ": " + Errno.name(errno));
                    }
                }
            } finally {
                Unistd.close(state, pidfd);
            }
            return new ClientDescriptors(fds);
        }
    }

    public InputStream in() {
        return new DescriptorInput(fds[0]);
    }

    public OutputStream out() {
        return new DescriptorOutput(fds[1]);
    }

    public OutputStream err() {
        return new DescriptorOutput(fds[2]);
    }

    @Override
    public void close() {
        try (CallState state = new CallState()) {
            closeAll(state, fds);
        }
    }

    private static void closeAll(CallState state, int[] fds) {
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] >= 0) {
                Unistd.close(state, fds[i]);
                fds[i] = -1;
            }
        }
    }

    private static final class DescriptorOutput extends OutputStream {
        private final int fd;

        DescriptorOutput(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(Math.max(1, length));
                MemorySegment.copy(bytes, offset, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
                long written = 0;
                while (written < length) {
                    long n = Unistd.write(state, fd, buffer.asSlice(written), length - written);
                    if (n < 0 && state.errno() == Errno.EINTR) {
                        continue;
                    }
                    if (n <= 0) {
                        throw new IOException("write failed: " + Errno.name(state.errno()));
                    }
                    written += n;
                }
            }
        }
    }

    private static final class DescriptorInput extends InputStream {
        private final int fd;

        DescriptorInput(int fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(length);
                while (true) {
                    long n = Unistd.read(state, fd, buffer, length);
                    if (n < 0 && state.errno() == Errno.EINTR) {
                        continue;
                    }
                    if (n < 0) {
                        throw new IOException("read failed: " + Errno.name(state.errno()));
                    }
                    if (n == 0) {
                        return -1;
                    }
                    MemorySegment.copy(buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes, offset, (int) n);
                    return (int) n;
                }
            }
        }
    }
}
