package dev.roar.core.hash;

import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Digests remembered by path. A hit needs the same size, nanosecond mtime, inode and device as when
 * it was computed, so a file replaced by a rename within the same millisecond is hashed again.
 */
public final class HashCache {
    private final Store store;

    public HashCache(Store store) {
        this.store = store;
    }

    public Optional<String> lookup(PathBytes path, HashAlgorithm algorithm, FileStat stat) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT digest FROM hash_cache WHERE path = ? AND algorithm = ? AND size = ? AND mtime_ns = ? AND inode = ? AND device = ?")) {
                q.setBytes(1, path.toByteArray());
                q.setString(2, algorithm.id());
                q.setLong(3, stat.size());
                q.setLong(4, stat.mtimeNanos());
                q.setLong(5, stat.inode());
                q.setLong(6, stat.device());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Every remembered digest of {@code algorithm}, by path: one query for checks over many files. */
    public java.util.Map<PathBytes, Entry> snapshot(HashAlgorithm algorithm) {
        return store.read(c -> {
            java.util.Map<PathBytes, Entry> out = new java.util.HashMap<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT path, digest, size, mtime_ns, inode, device FROM hash_cache WHERE algorithm = ? AND mtime_ns IS NOT NULL")) {
                q.setString(1, algorithm.id());
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        PathBytes path = PathBytes.of(r.getBytes(1));
                        out.put(path, new Entry(path, algorithm, r.getString(2),
                                new FileStat(r.getLong(6), r.getLong(5), 0, r.getLong(3), r.getLong(4))));
                    }
                }
            }
            return out;
        });
    }

    public record Entry(PathBytes path, HashAlgorithm algorithm, String digest, FileStat stat) {
    }

    public void remember(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        double now = System.currentTimeMillis() / 1000.0;
        store.transaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT OR REPLACE INTO hash_cache (path, algorithm, digest, size, mtime, cached_at, mtime_ns, inode, device) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry e : new ArrayList<>(entries)) {
                    up.setBytes(1, e.path().toByteArray());
                    up.setString(2, e.algorithm().id());
                    up.setString(3, e.digest());
                    up.setLong(4, e.stat().size());
                    up.setDouble(5, e.stat().mtimeNanos() / 1e9);
                    up.setDouble(6, now);
                    up.setLong(7, e.stat().mtimeNanos());
                    up.setLong(8, e.stat().inode());
                    up.setLong(9, e.stat().device());
                    up.addBatch();
                }
                up.executeBatch();
            }
            return null;
        });
    }
}
