package dev.roar.core.hash;

import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;
import dev.roar.trace.files.FileStat;
import dev.roar.trace.hash.NativeBlake3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hashes files once each, feeding every requested digest from one read, many files in parallel,
 * the hash cache consulted first.
 */
public final class FileHasher {
    private static final int CHUNK = 1 << 20;

    /** A file that could not be hashed: gone, not a regular file, or unreadable. */
    public record Failure(PathBytes path, String reason) {
    }

    public record Result(Map<PathBytes, FileDigests> digests, List<Failure> failures, long bytesHashed, int cacheHits) {
    }

    private final HashCache cache;

    public FileHasher(HashCache cache) {
        this.cache = cache;
    }

    public Result hash(List<PathBytes> paths, Set<HashAlgorithm> algorithms) {
        Map<PathBytes, FileDigests> digests = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        List<PathBytes> toRead = new ArrayList<>();
        int hits = 0;
        for (PathBytes path : paths) {
            Optional<FileStat> stat = ByteFiles.stat(path);
            if (stat.isEmpty()) {
                failures.add(new Failure(path, "missing"));
                continue;
            }
            if (!stat.get().isRegularFile()) {
                failures.add(new Failure(path, "not a regular file"));
                continue;
            }
            Map<HashAlgorithm, String> cached = new EnumMap<>(HashAlgorithm.class);
            for (HashAlgorithm algorithm : algorithms) {
                cache.lookup(path, algorithm, stat.get()).ifPresent(d -> cached.put(algorithm, d));
            }
            if (cached.size() == algorithms.size()) {
                digests.put(path, new FileDigests(stat.get(), cached));
                hits++;
            } else {
                toRead.add(path);
            }
        }
        long bytes = 0;
        List<HashCache.Entry> fresh = new ArrayList<>();
        int threads = toRead.size() < 8 ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), 4);
        try (ExecutorService pool = threads == 1 ? Executors.newSingleThreadExecutor() : Executors.newFixedThreadPool(threads)) {
            List<Future<FileDigests>> futures = new ArrayList<>();
            for (PathBytes path : toRead) {
                futures.add(pool.submit(() -> hashOne(path, algorithms)));
            }
            for (int i = 0; i < toRead.size(); i++) {
                PathBytes path = toRead.get(i);
                try {
                    FileDigests d = futures.get(i).get();
                    digests.put(path, d);
                    bytes += d.stat().size();
                    d.digests().forEach((algorithm, digest) -> fresh.add(new HashCache.Entry(path, algorithm, digest, d.stat())));
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(new Failure(path, e.getCause() instanceof IOException io ? io.getMessage() : String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new Failure(path, "interrupted"));
                }
            }
        }
        cache.remember(fresh);
        return new Result(digests, failures, bytes, hits);
    }

    static FileDigests hashOne(PathBytes path, Set<HashAlgorithm> algorithms) throws IOException {
        Optional<NativeBlake3> fast = NativeBlake3.instance();
        if (fast.isPresent() && algorithms.equals(Set.of(HashAlgorithm.BLAKE3))) {
            byte[] digest = new byte[NativeBlake3.DIGEST_LENGTH];
            FileStat stat = fast.get().digestFile(path, digest, Runtime.getRuntime().availableProcessors());
            return new FileDigests(stat, Map.of(HashAlgorithm.BLAKE3, HexFormat.of().formatHex(digest)));
        }
        Map<HashAlgorithm, HashAlgorithm.Digester> digesters = new EnumMap<>(HashAlgorithm.class);
        for (HashAlgorithm algorithm : algorithms) {
            digesters.put(algorithm, algorithm.newDigester());
        }
        FileStat stat = ByteFiles.read(path, CHUNK, (chunk, length) -> digesters.values().forEach(d -> d.update(chunk, 0, length)));
        Map<HashAlgorithm, String> out = new EnumMap<>(HashAlgorithm.class);
        digesters.forEach((algorithm, digester) -> out.put(algorithm, digester.hex()));
        return new FileDigests(stat, out);
    }
}
