package dev.roar.trace.hash;

import dev.roar.ffi.Blake3Library;
import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Unistd;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.BundledFile;
import dev.roar.trace.files.ByteFiles;
import dev.roar.trace.files.FileStat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * BLAKE3 through the official C implementation (SIMD with run-time CPU dispatch), built by the
 * project into a library shipped in the jar. A large file is cut into 1 MiB leaves, each an aligned
 * power-of-two subtree of BLAKE3's tree, hashed by several threads with pread (not mmap: a file
 * truncated under a mapping would kill the JVM with SIGBUS), and joined in Java.
 */
public final class NativeBlake3 {
    public static final int DIGEST_LENGTH = Blake3Library.OUT_LEN;
    /** 1024 chunks: a power of two, so every full leaf is a subtree of any longer input. */
    static final int LEAF = 1 << 20;
    private static final long LEAF_CHUNKS = LEAF / Blake3Library.CHUNK_LEN;

    private final Blake3Library library;
    private final ThreadLocal<LeafScratch> scratch = ThreadLocal.withInitial(LeafScratch::new);

    private NativeBlake3(Blake3Library library) {
        this.library = library;
    }

    private static final class Loaded {
        static final NativeBlake3 INSTANCE;
        static final String UNAVAILABLE;

        static {
            NativeBlake3 instance = null;
            String reason = null;
            try {
                Path file = BundledFile.extract(NativeBlake3.class, resourceName(), "libroar_blake3", ".so");
                instance = new NativeBlake3(new Blake3Library(file));
            } catch (IOException | IllegalArgumentException | UnsatisfiedLinkError e) {
                reason = buildReason().orElse("the native BLAKE3 library cannot be loaded: " + e.getMessage());
            }
            INSTANCE = instance;
            UNAVAILABLE = reason;
        }
    }

    /** The native implementation, or empty when this build or machine has none (callers then use a Java one). */
    public static Optional<NativeBlake3> instance() {
        return Optional.ofNullable(Loaded.INSTANCE);
    }

    /** Why {@link #instance()} is empty. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Loaded.UNAVAILABLE);
    }

    private static String resourceName() {
        return "libroar_blake3-" + System.getProperty("os.arch") + ".so";
    }

    private static Optional<String> buildReason() {
        try (InputStream in = NativeBlake3.class.getResourceAsStream("blake3-unavailable.txt")) {
            return in == null ? Optional.empty()
                    : Optional.of("not built: " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The digest of {@code length} bytes of {@code data} from {@code offset}. */
    public byte[] digest(byte[] data, int offset, int length) {
        byte[] out = new byte[DIGEST_LENGTH];
        library.hash(MemorySegment.ofArray(data).asSlice(offset, length), length, MemorySegment.ofArray(out));
        return out;
    }

    /** A digest fed piece by piece. */
    public Streaming streaming() {
        return new Streaming(this);
    }

    /**
     * Hashes a file into {@code out} with up to {@code threads} threads (the caller's included).
     *
     * @return the fstat of the file the bytes came from
     * @throws IOException when it cannot be opened or read, or shrinks while being read
     */
    public FileStat digestFile(PathBytes path, byte[] out, int threads) throws IOException {
        try (ByteFiles.OpenFile file = ByteFiles.open(path)) {
            long size = file.stat().size();
            long leaves = Math.max(1, (size + LEAF - 1) / LEAF);
            if (leaves == 1) {
                LeafScratch s = scratch.get();
                readFully(s, file.fd(), size, 0, path);
                library.hash(s.buffer, size, MemorySegment.ofArray(out));
                return file.stat();
            }
            if (leaves > Integer.MAX_VALUE / DIGEST_LENGTH) {
                throw new IOException(path.display() + ": too large to hash (" + size + " bytes)");
            }
            byte[] chainingValues = new byte[(int) leaves * DIGEST_LENGTH];
            hashLeaves(file.fd(), size, (int) leaves, chainingValues, threads, path);
            join(chainingValues, 0, (int) leaves, true, out);
            return file.stat();
        }
    }

    private void hashLeaves(int fd, long size, int leaves, byte[] chainingValues, int threads, PathBytes path) throws IOException {
        AtomicLong next = new AtomicLong();
        AtomicReference<IOException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(leaves);
        Runnable worker = () -> {
            long leaf;
            while ((leaf = next.getAndIncrement()) < leaves) {
                try {
                    if (failure.get() == null) {
                        hashLeaf(fd, size, leaf, chainingValues, path);
                    }
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e instanceof IOException io ? io : new IOException(path.display() + ": " + e, e));
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(threads, leaves) - 1;
        for (int i = 0; i < helpers; i++) {
            Helpers.POOL.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(path.display() + ": interrupted while hashing", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void hashLeaf(int fd, long size, long leaf, byte[] chainingValues, PathBytes path) throws IOException {
        LeafScratch s = scratch.get();
        long offset = leaf * LEAF;
        long length = Math.min(LEAF, size - offset);
        readFully(s, fd, length, offset, path);
        library.subtreeChainingValue(s.buffer, length, leaf * LEAF_CHUNKS,
                MemorySegment.ofArray(chainingValues).asSlice(leaf * DIGEST_LENGTH, DIGEST_LENGTH));
    }

    private static void readFully(LeafScratch s, int fd, long length, long offset, PathBytes path) throws IOException {
        long done = 0;
        while (done < length) {
            long n = Unistd.pread(s.state, fd, s.buffer.asSlice(done), length - done, offset + done);
            if (n < 0) {
                if (s.state.errno() == Errno.EINTR) {
                    continue;
                }
                throw new IOException(path.display() + ": read " + Errno.name(s.state.errno()));
            }
            if (n == 0) {
                throw new IOException(path.display() + ": changed while being hashed (shorter than when opened)");
            }
            done += n;
        }
    }

    /**
     * Joins leaves [from, to) the way BLAKE3's tree splits any input: the left part is the largest
     * power of two of leaves smaller than the whole (leaves are power-of-two subtrees themselves).
     */
    private void join(byte[] chainingValues, int from, int to, boolean root, byte[] out) {
        if (to - from == 1) {
            System.arraycopy(chainingValues, from * DIGEST_LENGTH, out, 0, DIGEST_LENGTH);
            return;
        }
        int split = from + Integer.highestOneBit(to - from - 1);
        byte[] left = new byte[DIGEST_LENGTH];
        byte[] right = new byte[DIGEST_LENGTH];
        join(chainingValues, from, split, false, left);
        join(chainingValues, split, to, false, right);
        library.parent(MemorySegment.ofArray(left), MemorySegment.ofArray(right), root, MemorySegment.ofArray(out));
    }

    /** Per-thread native state: errno capture and one leaf of buffer. */
    private static final class LeafScratch {
        final CallState state = new CallState();
        final MemorySegment buffer = state.arena().allocate(LEAF, 64);
    }

    /** Threads that help the caller with a large file's leaves; daemon, so they never hold the JVM up. */
    private static final class Helpers {
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                runnable -> {
                    Thread thread = new Thread(runnable, "roar-blake3");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A digest fed in pieces: full leaves are reduced to chaining values as they fill, so memory stays
     * at one leaf whatever the input size.
     */
    public static final class Streaming {
        private final NativeBlake3 owner;
        private byte[] leaf = new byte[8192];
        private int filled;
        private byte[] chainingValues = new byte[0];
        private int leaves;

        private Streaming(NativeBlake3 owner) {
            this.owner = owner;
        }

        public void update(byte[] data, int offset, int length) {
            while (length > 0) {
                if (filled == LEAF) {
                    reduceLeaf();
                }
                int n = Math.min(length, LEAF - filled);
                if (filled + n > leaf.length) {
                    leaf = Arrays.copyOf(leaf, Math.min(LEAF, Math.max(filled + n, leaf.length * 2)));
                }
                System.arraycopy(data, offset, leaf, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        // Reduces the buffered leaf to its chaining value. Called for a full leaf only when more input
        // follows, and for the last leaf only when others precede it: a lone leaf is the root instead.
        private void reduceLeaf() {
            if ((leaves + 1) * DIGEST_LENGTH > chainingValues.length) {
                chainingValues = Arrays.copyOf(chainingValues, Math.max(DIGEST_LENGTH * 8, chainingValues.length * 2));
            }
            owner.library.subtreeChainingValue(MemorySegment.ofArray(leaf).asSlice(0, filled), filled, leaves * LEAF_CHUNKS,
                    MemorySegment.ofArray(chainingValues).asSlice((long) leaves * DIGEST_LENGTH, DIGEST_LENGTH));
            leaves++;
            filled = 0;
        }

        /** The digest of everything fed so far; the stream is finished afterwards. */
        public byte[] digest() {
            if (leaves == 0) {
                return owner.digest(leaf, 0, filled);
            }
            reduceLeaf();
            byte[] out = new byte[DIGEST_LENGTH];
            owner.join(chainingValues, 0, leaves, true, out);
            return out;
        }
    }
}
