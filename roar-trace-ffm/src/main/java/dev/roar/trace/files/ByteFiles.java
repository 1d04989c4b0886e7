package dev.roar.trace.files;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Stat;
import dev.roar.ffi.Unistd;
import dev.roar.trace.classify.PathBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * File access by byte path. java.nio cannot name a file whose name is not valid in the JVM's
 * path encoding (a 0xff byte under UTF-8), but the tracer records exactly such names, and they
 * must be stat'ed and hashed like any other. Per-thread native state, so hashing threads run freely.
 */
public final class ByteFiles {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final CallState state = new CallState();
        final MemorySegment stat = state.arena().allocate(Stat.STRUCT_SIZE, 8);
        MemorySegment path = state.arena().allocate(4097);
        MemorySegment buffer;

        MemorySegment path(PathBytes p) {
            byte[] bytes = p.toByteArray();
            if (path.byteSize() < bytes.length + 1L) {
                path = state.arena().allocate(bytes.length + 1L);
            }
            MemorySegment.copy(bytes, 0, path, ValueLayout.JAVA_BYTE, 0, bytes.length);
            path.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            return path;
        }

        MemorySegment buffer(int size) {
            if (buffer == null || buffer.byteSize() < size) {
                buffer = state.arena().allocate(size, 64);
            }
            return buffer;
        }
    }

    /** Consumes a file's bytes chunk by chunk; the array is reused between calls. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(byte[] chunk, int length);
    }

    private ByteFiles() {
    }

    /** stat(2), following symlinks; empty when the path does not exist or cannot be reached. */
    public static Optional<FileStat> stat(PathBytes path) {
        Scratch s = SCRATCH.get();
        if (Stat.stat(s.state, s.path(path), s.stat) != 0) {
            return Optional.empty();
        }
        return Optional.of(read(s.stat));
    }

    /** fstat(2) of a descriptor of this process; empty when it is not open. */
    public static Optional<FileStat> fstat(int fd) {
        Scratch s = SCRATCH.get();
        if (Stat.fstat(s.state, fd, s.stat) != 0) {
            return Optional.empty();
        }
        return Optional.of(read(s.stat));
    }

    /**
     * stat(2) without native calls where the name allows: java.nio for a path of ASCII bytes (which any
     * JVM path encoding spells exactly), the native stat otherwise. For commands that stat a few files:
     * linking the first native call costs ~80 ms in a fresh JVM, the JDK's own stat nothing extra. For
     * tens of thousands of files {@link #stat} is faster per call.
     */
    public static Optional<FileStat> statWithoutLinking(PathBytes path) {
        byte[] bytes = path.toByteArray();
        for (byte b : bytes) {
            if (b <= 0) {
                return stat(path); // non-ASCII (or NUL): only the byte-exact native call names it
            }
        }
        try {
            Map<String, Object> a = Files.readAttributes(Path.of(new String(bytes, StandardCharsets.US_ASCII)),
                    "unix:dev,ino,mode,size,lastModifiedTime");
            return Optional.of(new FileStat((Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("mode"),
                    (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)));
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Streams the file's content to {@code consumer}; returns the fstat of the opened file, so the
     * caller knows exactly which file (inode, size, mtime) the bytes came from.
     */
    public static FileStat read(PathBytes path, int chunkSize, ChunkConsumer consumer) throws IOException {
        Scratch s = SCRATCH.get();
        int fd = Stat.open(s.state, s.path(path), Stat.O_RDONLY | Stat.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException(path.display() + ": " + Errno.name(s.state.errno()));
        }
        try {
            if (Stat.fstat(s.state, fd, s.stat) != 0) {
                throw new IOException(path.display() + ": fstat " + Errno.name(s.state.errno()));
            }
            FileStat stat = read(s.stat);
            MemorySegment buffer = s.buffer(chunkSize);
            byte[] chunk = new byte[chunkSize];
            while (true) {
                long n = Unistd.read(s.state, fd, buffer, chunkSize);
                if (n < 0) {
                    if (s.state.errno() == Errno.EINTR) {
                        continue;
                    }
                    throw new IOException(path.display() + ": read " + Errno.name(s.state.errno()));
                }
                if (n == 0) {
                    return stat;
                }
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, chunk, 0, (int) n);
                consumer.accept(chunk, (int) n);
            }
        } finally {
            Unistd.close(s.state, fd);
        }
    }

    /** A file opened read-only by {@link #open}, with the fstat taken right after opening it. */
    public record OpenFile(int fd, FileStat stat) implements AutoCloseable {
        @Override
        public void close() {
            Scratch s = SCRATCH.get();
            Unistd.close(s.state, fd);
        }
    }

    /** Opens a file read-only (close-on-exec) for a caller that reads it by offset (pread). */
    public static OpenFile open(PathBytes path) throws IOException {
        Scratch s = SCRATCH.get();
        int fd = Stat.open(s.state, s.path(path), Stat.O_RDONLY | Stat.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException(path.display() + ": " + Errno.name(s.state.errno()));
        }
        if (Stat.fstat(s.state, fd, s.stat) != 0) {
            int errno = s.state.errno();
            Unistd.close(s.state, fd);
            throw new IOException(path.display() + ": fstat " + Errno.name(errno));
        }
        return new OpenFile(fd, read(s.stat));
    }

    /** Removes the file at {@code path}; true when it is gone (or was never there). */
    public static boolean unlink(PathBytes path) {
        Scratch s = SCRATCH.get();
        return Unistd.unlink(s.state, s.path(path)) == 0 || !exists(path);
    }

    /** Whether anything exists at {@code path} (access F_OK). */
    public static boolean exists(PathBytes path) {
        Scratch s = SCRATCH.get();
        return Unistd.access(s.state, s.path(path), Unistd.F_OK) == 0;
    }

    /**
     * The first bytes of a small file (a /proc entry) into {@code into}; returns how many, or -1.
     * No Java stream or String in between: the ptrace backend calls this on every close.
     */
    public static int readSmall(PathBytes path, byte[] into) {
        Scratch s = SCRATCH.get();
        int fd = Stat.open(s.state, s.path(path), Stat.O_RDONLY | Stat.O_CLOEXEC, 0);
        if (fd < 0) {
            return -1;
        }
        try {
            MemorySegment buffer = s.buffer(into.length);
            long n = Unistd.read(s.state, fd, buffer, into.length);
            if (n <= 0) {
                return (int) n;
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) n);
            return (int) n;
        } finally {
            Unistd.close(s.state, fd);
        }
    }

    private static FileStat read(MemorySegment stat) {
        return new FileStat(stat.get(ValueLayout.JAVA_LONG, Stat.ST_DEV), stat.get(ValueLayout.JAVA_LONG, Stat.ST_INO),
                stat.get(ValueLayout.JAVA_INT, Stat.ST_MODE), stat.get(ValueLayout.JAVA_LONG, Stat.ST_SIZE),
                stat.get(ValueLayout.JAVA_LONG, Stat.ST_MTIM_SEC) * 1_000_000_000L + stat.get(ValueLayout.JAVA_LONG, Stat.ST_MTIM_NSEC));
    }
}
