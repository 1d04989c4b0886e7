package dev.roar.core.lineage;

import dev.roar.core.hash.FileDigests;
import dev.roar.core.hash.FileHasher;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.hash.HashCache;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;
import dev.roar.trace.files.FileStat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Whether recorded files are still on disk with the recorded bytes. A file whose size, mtime, inode
 * and device match the hash cache is known without reading it; only files that changed on disk but
 * kept their size are hashed again, so checking tens of thousands of files costs stats, not reads.
 */
public final class ArtifactPresence {
    public enum State { PRESENT, MODIFIED, MISSING }

    private static final int PER_FILE_LOOKUPS = 32;
    /** Up to this many files, stat through java.nio and spare the native linking a fresh JVM pays first. */
    private static final int JAVA_STATS = 2048;
    private final HashCache cache;

    public ArtifactPresence(HashCache cache) {
        this.cache = cache;
    }

    public Map<PathBytes, State> check(List<JobFile> files) {
        // In path order, the order of the hash cache's primary key: its rows are then merged in, not looked up.
        List<JobFile> sorted = files.stream().sorted(java.util.Comparator.comparing(JobFile::path)).toList();
        // The stats are independent syscalls: spread them over the cores while this thread reads the cache.
        Function<PathBytes, Optional<FileStat>> statter = files.size() <= JAVA_STATS ? ByteFiles::statWithoutLinking : ByteFiles::stat;
        CompletableFuture<List<Optional<FileStat>>> stats = CompletableFuture.supplyAsync(
                () -> sorted.parallelStream().map(f -> statter.apply(f.path())).toList());
        // One pass over the cache beats a query per file from a few dozen files on; below that it would read
        // every row of the cache to answer a handful.
        HashCache.Entry[] cached = files.size() > PER_FILE_LOOKUPS ? cachedEntries(sorted) : null;
        Map<PathBytes, State> out = new HashMap<>();
        List<PathBytes> toHash = new ArrayList<>();
        Map<PathBytes, String> expected = new HashMap<>();
        List<Optional<FileStat>> statted = stats.join();
        for (int i = 0; i < sorted.size(); i++) {
            // One call per file, so it is compiled early (see LineageReader.addFile).
            JobFile file = sorted.get(i);
            State state = known(file, statted.get(i), cached == null ? null : cached[i], cached == null);
            if (state != null) {
                out.put(file.path(), state);
            } else {
                toHash.add(file.path());
                expected.put(file.path(), file.blake3());
            }
        }
        if (!toHash.isEmpty()) {
            FileHasher.Result hashed = new FileHasher(cache).hash(toHash, EnumSet.of(HashAlgorithm.BLAKE3));
            for (PathBytes path : toHash) {
                FileDigests d = hashed.digests().get(path);
                out.put(path, d == null ? State.MISSING : d.blake3().equals(expected.get(path)) ? State.PRESENT : State.MODIFIED);
            }
        }
        return out;
    }

    private HashCache.Entry[] cachedEntries(List<JobFile> sorted) {
        List<PathBytes> paths = sorted.stream().map(JobFile::path).toList();
        return cache.entriesFor(paths, HashAlgorithm.BLAKE3).orElseGet(() -> {
            Map<PathBytes, HashCache.Entry> all = cache.snapshot(HashAlgorithm.BLAKE3);
            return paths.stream().map(all::get).toArray(HashCache.Entry[]::new);
        });
    }

    /**
     * The file's state when its stat and the hash cache tell it, or null when it must be hashed; {@code entry}
     * is its cache row, or the cache is asked now when {@code lookUp}.
     */
    private State known(JobFile file, Optional<FileStat> stat, HashCache.Entry entry, boolean lookUp) {
        if (stat.isEmpty() || !stat.get().isRegularFile()) {
            return State.MISSING;
        }
        FileStat now = stat.get();
        if (now.size() != file.size()) {
            return State.MODIFIED;
        }
        Optional<String> cached = lookUp ? cache.lookup(file.path(), HashAlgorithm.BLAKE3, now) : cachedDigest(entry, now);
        return cached.map(digest -> digest.equals(file.blake3()) ? State.PRESENT : State.MODIFIED).orElse(null);
    }

    private static Optional<String> cachedDigest(HashCache.Entry entry, FileStat now) {
        return entry != null && entry.stat().size() == now.size() && entry.stat().mtimeNanos() == now.mtimeNanos()
                && entry.stat().inode() == now.inode() && entry.stat().device() == now.device()
                ? Optional.of(entry.digest()) : Optional.empty();
    }
}
