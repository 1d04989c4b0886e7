package dev.roar.core.hash;

import dev.roar.core.store.PackedRow;
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
    /** Every usable row of one algorithm (?1), packed (see PackedRow): size, mtime_ns, inode, device, digest, path. */
    private static final String ROWS = "SELECT " + PackedRow.number("size", 0) + PackedRow.number("mtime_ns", 0)
            + PackedRow.number("inode", 0) + PackedRow.number("device", 0) + PackedRow.text("digest") + "path"
            + " FROM hash_cache WHERE algorithm = ? AND mtime_ns IS NOT NULL";
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
                        Entry entry = entry(r, algorithm); // one call per row, so it is compiled early (see LineageReader.addFile)
                        out.put(entry.path(), entry);
                    }
                }
            }
            return out;
        });
    }

    /**
     * The remembered digests of {@code algorithm} for {@code sortedPaths} (in {@link PathBytes} order), aligned
     * with them: null where none. One pass over the cache in its primary key's order, merged with the paths, so
     * no map of the whole cache is built. Empty when the cache's rows do not come in that order (paths stored
     * as TEXT by another writer): the caller then uses {@link #snapshot}.
     */
    public Optional<Entry[]> entriesFor(List<PathBytes> sortedPaths, HashAlgorithm algorithm) {
        return store.read(c -> rowsInPathOrder(c, algorithm)).map(rows -> align(rows, sortedPaths));
    }

    /**
     * Every remembered digest of {@code algorithm} in path order, read on a connection of its own so that a
     * helper thread can read them while the caller's thread uses the store (see {@link #align}); empty as
     * for {@link #entriesFor}.
     */
    public Optional<List<Entry>> rowsInPathOrderOnSecondConnection(HashAlgorithm algorithm) {
        return store.readOnSecondConnection(c -> rowsInPathOrder(c, algorithm));
    }

    private static Optional<List<Entry>> rowsInPathOrder(java.sql.Connection c, HashAlgorithm algorithm) throws java.sql.SQLException {
        List<Entry> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(ROWS + " ORDER BY path")) {
            q.setString(1, algorithm.id());
            try (ResultSet r = q.executeQuery()) {
                PathBytes previous = null;
                while (r.next()) {
                    Entry entry = entry(r, algorithm); // one call per row, so it is compiled early (see LineageReader.addFile)
                    if (previous != null && previous.compareTo(entry.path()) > 0) {
                        return Optional.empty();
                    }
                    previous = entry.path();
                    rows.add(entry);
                }
            }
        }
        return Optional.of(rows);
    }

    /** The rows of {@code rows} (in path order) for {@code sortedPaths}, aligned with them: null where none. */
    public static Entry[] align(List<Entry> rows, List<PathBytes> sortedPaths) {
        Entry[] out = new Entry[sortedPaths.size()];
        int next = 0;
        for (Entry row : rows) {
            if (next >= sortedPaths.size()) {
                break;
            }
            next = alignRow(row, sortedPaths, out, next); // all the work in a method that is compiled early
        }
        return out;
    }

    /** One row of {@link #align}; returns where the next row's search starts. A method of its own, compiled early. */
    private static int alignRow(Entry row, List<PathBytes> paths, Entry[] out, int next) {
        PathBytes path = row.path();
        while (next < paths.size() && paths.get(next).compareTo(path) < 0) {
            next++;
        }
        for (int i = next; i < paths.size() && paths.get(i).equals(path); i++) {
            out[i] = row; // the same path listed twice gets the same row
        }
        return next;
    }

    /** The entry of a {@link #ROWS} row. */
    private static Entry entry(ResultSet r, HashAlgorithm algorithm) throws java.sql.SQLException {
        PackedRow row = new PackedRow(r.getBytes(1));
        long size = row.number();
        long mtime = row.number();
        long inode = row.number();
        long device = row.number();
        String digest = row.text();
        return new Entry(row.path(), algorithm, digest, new FileStat(device, inode, 0, size, mtime));
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
