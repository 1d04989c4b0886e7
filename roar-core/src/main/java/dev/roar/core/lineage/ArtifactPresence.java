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
import java.util.stream.IntStream;

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
    /**
     * The cache's rows in path order, being read by a helper (see {@link #prepareFor}): null when not; completes
     * with null when the helper could not read them.
     */
    private final CompletableFuture<Optional<List<HashCache.Entry>>> prefetched;

    public ArtifactPresence(HashCache cache) {
        this(cache, null);
    }

    private ArtifactPresence(HashCache cache, CompletableFuture<Optional<List<HashCache.Entry>>> prefetched) {
        this.cache = cache;
        this.prefetched = prefetched;
    }

    /**
     * A checker for a check of about {@code files} files that the caller is still reading from the store (an
     * estimate: it only decides whether the preparation pays). For many files a helper thread gets ready
     * meanwhile: it links the native stat (60-80 ms in a fresh JVM) and reads the hash cache on a connection of
     * its own, so neither waits for the caller's reading to end. Should the helper fail to read, the check
     * reads the cache itself.
     */
    public static ArtifactPresence prepareFor(HashCache cache, long files) {
        if (files <= JAVA_STATS) {
            return new ArtifactPresence(cache);
        }
        CompletableFuture<Optional<List<HashCache.Entry>>> rows = new CompletableFuture<>();
        Thread.ofPlatform().name("roar-presence-prepare").daemon().start(() -> {
            try {
                ByteFiles.stat(PathBytes.root());
                rows.complete(cache.rowsInPathOrderOnSecondConnection(HashAlgorithm.BLAKE3));
            } catch (RuntimeException | LinkageError e) {
                rows.complete(null); // the check does both itself and reports what fails there
            }
        });
        return new ArtifactPresence(cache, rows);
    }

    /** The state of each file, by path. */
    public Map<PathBytes, State> check(List<JobFile> files) {
        List<State> states = statesOf(files);
        Map<PathBytes, State> out = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            out.put(files.get(i).path(), states.get(i));
        }
        return out;
    }

    /** The state of each file, in the order given; fastest for files in path order (see {@link JobFile#BY_PATH}). */
    public List<State> statesOf(List<JobFile> files) {
        // In path order, the order of the hash cache's primary key: its rows are then merged in, not looked up.
        int[] order = pathOrder(files);
        List<JobFile> sorted = order == null ? files : java.util.Arrays.stream(order).mapToObj(files::get).toList();
        List<PathBytes> paths = sorted.stream().map(JobFile::path).toList();
        Function<PathBytes, Optional<FileStat>> statter = files.size() <= JAVA_STATS ? ByteFiles::statWithoutLinking : ByteFiles::stat;
        StatSweep stats = StatSweep.start(paths, statter);
        // One pass over the cache beats a query per file from a few dozen files on; below that it would read
        // every row of the cache to answer a handful.
        HashCache.Entry[] cached = files.size() > PER_FILE_LOOKUPS ? cachedEntries(paths) : null;
        State[] states = new State[sorted.size()];
        List<Integer> toHash = new ArrayList<>();
        FileStat[] statted = stats.finish();
        // A stream, not a loop: its lambda is a method, compiled after a few hundred calls (see LineageReader.addFile).
        IntStream.range(0, sorted.size()).forEach(i ->
                states[i] = known(sorted.get(i), statted[i], cached == null ? null : cached[i], cached == null));
        IntStream.range(0, sorted.size()).filter(i -> states[i] == null).forEach(toHash::add);
        if (!toHash.isEmpty()) {
            List<PathBytes> hashPaths = toHash.stream().map(paths::get).toList();
            FileHasher.Result hashed = new FileHasher(cache).hash(hashPaths, EnumSet.of(HashAlgorithm.BLAKE3));
            for (int i : toHash) {
                FileDigests d = hashed.digests().get(paths.get(i));
                states[i] = d == null ? State.MISSING : d.blake3().equals(sorted.get(i).blake3()) ? State.PRESENT : State.MODIFIED;
            }
        }
        if (order == null) {
            return java.util.Arrays.asList(states);
        }
        State[] out = new State[states.length];
        for (int i = 0; i < order.length; i++) {
            out[order[i]] = states[i];
        }
        return java.util.Arrays.asList(out);
    }

    /** The indexes of {@code files} in path order, or null when they are in path order already. */
    private static int[] pathOrder(List<JobFile> files) {
        if (IntStream.range(1, Math.max(1, files.size())).allMatch(i -> JobFile.BY_PATH.compare(files.get(i - 1), files.get(i)) <= 0)) {
            return null;
        }
        return IntStream.range(0, files.size()).boxed()
                .sorted((a, b) -> JobFile.BY_PATH.compare(files.get(a), files.get(b))).mapToInt(Integer::intValue).toArray();
    }

    private HashCache.Entry[] cachedEntries(List<PathBytes> paths) {
        Optional<List<HashCache.Entry>> rows = prefetched == null ? null : prefetched.join();
        Optional<HashCache.Entry[]> merged = rows != null ? rows.map(r -> HashCache.align(r, paths))
                : cache.entriesFor(paths, HashAlgorithm.BLAKE3);
        return merged.orElseGet(() -> {
            Map<PathBytes, HashCache.Entry> all = cache.snapshot(HashAlgorithm.BLAKE3);
            return paths.stream().map(all::get).toArray(HashCache.Entry[]::new);
        });
    }

    /**
     * The file's state when its stat (null: no file) and the hash cache tell it, or null when it must be hashed; {@code entry}
     * is its cache row, or the cache is asked now when {@code lookUp}.
     */
    private State known(JobFile file, FileStat now, HashCache.Entry entry, boolean lookUp) {
        if (now == null || !now.isRegularFile()) {
            return State.MISSING;
        }
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
