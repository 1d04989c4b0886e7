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
    /** Every usable row of one algorithm (?1): path, digest, size, mtime_ns, inode, device. */
    private static final String ROWS = "SELECT path, digest, size, mtime_ns, inode, device FROM hash_cache WHERE algorithm = ? AND mtime_ns IS NOT NULL";
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
                    ROWS)) {
                q.setString(1, algorithm.id());
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        addEntry(out, r, algorithm); // one call per row, so it is compiled early (see LineageReader.addFile)
                    }
                }
            }
            return out;
        });
    }

    /**
     * The remembered digests of {@code algorithm} for {@code sortedPaths} (in {@link PathBytes} order), aligned
     * with them: null where none. One pass over the cache in its primary key's order, merged with the paths, so
     * no map of the whole cache is built and a row's other columns are read only when its path is wanted.
     * Empty when the cache's rows do not come in that order (paths stored as TEXT by another writer): the
     * caller then uses {@link #snapshot}.
     */
    public Optional<Entry[]> entriesFor(List<PathBytes> sortedPaths, HashAlgorithm algorithm) {
        return store.read(c -> {
            Entry[] out = new Entry[sortedPaths.size()];
            try (PreparedStatement q = c.prepareStatement(ROWS + " ORDER BY path")) {
                q.setString(1, algorithm.id());
                try (ResultSet r = q.executeQuery()) {
                    Merge merge = new Merge(sortedPaths, out, algorithm);
                    while (!merge.done() && r.next()) {
                        if (!merge.row(r)) {
                            return Optional.<Entry[]>empty();
                        }
                    }
                }
            }
            return Optional.of(out);
        });
    }

    /** The cursor of {@link #entriesFor}: one call per row, so HotSpot compiles it early (see LineageReader.addFile). */
    private static final class Merge {
        private final List<PathBytes> paths;
        private final Entry[] out;
        private final HashAlgorithm algorithm;
        private int next;
        private byte[] previous;

        Merge(List<PathBytes> paths, Entry[] out, HashAlgorithm algorithm) {
            this.paths = paths;
            this.out = out;
            this.algorithm = algorithm;
        }

        boolean done() {
            return next >= paths.size();
        }

        /** Takes one cache row; false when rows are out of order. */
        boolean row(ResultSet r) throws java.sql.SQLException {
            byte[] path = r.getBytes(1);
            if (previous != null && java.util.Arrays.compareUnsigned(previous, path) > 0) {
                return false;
            }
            previous = path;
            while (next < paths.size() && paths.get(next).compareToBytes(path) < 0) {
                next++;
            }
            if (next < paths.size() && paths.get(next).compareToBytes(path) == 0) {
                PathBytes wanted = paths.get(next);
                Entry entry = entry(r, wanted, algorithm);
                for (int i = next; i < paths.size() && paths.get(i).equals(wanted); i++) {
                    out[i] = entry; // the same path listed twice gets the same row
                }
            }
            return true;
        }
    }

    private static void addEntry(java.util.Map<PathBytes, Entry> out, ResultSet r, HashAlgorithm algorithm) throws java.sql.SQLException {
        PathBytes path = PathBytes.of(r.getBytes(1));
        out.put(path, entry(r, path, algorithm));
    }

    /** The entry of a {@link #ROWS} row, whose path the caller has read. */
    private static Entry entry(ResultSet r, PathBytes path, HashAlgorithm algorithm) throws java.sql.SQLException {
        return new Entry(path, algorithm, r.getString(2), new FileStat(r.getLong(6), r.getLong(5), 0, r.getLong(3), r.getLong(4)));
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
