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

/**
 * Whether recorded files are still on disk with the recorded bytes. A file whose size, mtime, inode
 * and device match the hash cache is known without reading it; only files that changed on disk but
 * kept their size are hashed again, so checking tens of thousands of files costs stats, not reads.
 */
public final class ArtifactPresence {
    public enum State { PRESENT, MODIFIED, MISSING }

    private final HashCache cache;

    public ArtifactPresence(HashCache cache) {
        this.cache = cache;
    }

    public Map<PathBytes, State> check(List<JobFile> files) {
        Map<PathBytes, HashCache.Entry> known = cache.snapshot(HashAlgorithm.BLAKE3);
        Map<PathBytes, State> out = new HashMap<>();
        List<PathBytes> toHash = new ArrayList<>();
        Map<PathBytes, String> expected = new HashMap<>();
        for (JobFile file : files) {
            Optional<FileStat> stat = ByteFiles.stat(file.path());
            if (stat.isEmpty() || !stat.get().isRegularFile()) {
                out.put(file.path(), State.MISSING);
                continue;
            }
            FileStat now = stat.get();
            if (now.size() != file.size()) {
                out.put(file.path(), State.MODIFIED);
                continue;
            }
            HashCache.Entry entry = known.get(file.path());
            if (entry != null && entry.stat().size() == now.size() && entry.stat().mtimeNanos() == now.mtimeNanos()
                    && entry.stat().inode() == now.inode() && entry.stat().device() == now.device()) {
                out.put(file.path(), entry.digest().equals(file.blake3()) ? State.PRESENT : State.MODIFIED);
                continue;
            }
            toHash.add(file.path());
            expected.put(file.path(), file.blake3());
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
}
