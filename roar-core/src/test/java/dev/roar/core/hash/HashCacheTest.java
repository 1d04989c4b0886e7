package dev.roar.core.hash;

import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class HashCacheTest {
    @TempDir
    Path dir;

    /**
     * entriesFor merges the cache in SQLite's BLOB order (unsigned bytes) with paths in PathBytes order:
     * random byte paths, high bytes included, some cached and some not, one asked twice.
     */
    @Test
    void entriesForMatchesEveryCachedPathInByteOrder() {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            HashCache cache = new HashCache(store);
            List<HashCache.Entry> cached = new ArrayList<>();
            List<PathBytes> asked = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] name = new byte[1 + random.nextInt(6)];
                for (int b = 0; b < name.length; b++) {
                    name[b] = (byte) (random.nextBoolean() ? 'a' + random.nextInt(4) : 0x80 + random.nextInt(0x7f));
                }
                PathBytes path = PathBytes.of(concat("/d/".getBytes(), name));
                if (random.nextInt(4) > 0) {
                    cached.add(new HashCache.Entry(path, HashAlgorithm.BLAKE3, "digest-" + i, new FileStat(1, i, 0100644, i, 1000L + i)));
                }
                if (random.nextInt(4) > 0) {
                    asked.add(path);
                }
            }
            asked.add(asked.get(0));
            cache.remember(cached);
            List<PathBytes> sorted = asked.stream().sorted().toList();

            HashCache.Entry[] found = cache.entriesFor(sorted, HashAlgorithm.BLAKE3).orElseThrow();

            var expected = cache.snapshot(HashAlgorithm.BLAKE3);
            for (int i = 0; i < sorted.size(); i++) {
                HashCache.Entry want = expected.get(sorted.get(i));
                if (want == null) {
                    assertThat(found[i]).as("%s is not cached", sorted.get(i)).isNull();
                } else {
                    assertThat(found[i]).as("%s", sorted.get(i)).isNotNull();
                    assertThat(found[i].digest()).isEqualTo(want.digest());
                    assertThat(found[i].stat()).isEqualTo(want.stat());
                }
            }
        } catch (AssertionError | RuntimeException e) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    /** Paths another writer stored as TEXT sort before every BLOB in SQLite: the merge says so instead of missing rows. */
    @Test
    void entriesForGivesUpWhenTheCacheIsNotInByteOrder() throws Exception {
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            HashCache cache = new HashCache(store);
            cache.remember(List.of(new HashCache.Entry(PathBytes.of("/a"), HashAlgorithm.BLAKE3, "d1", new FileStat(1, 1, 0100644, 1, 1))));
            store.transaction(c -> {
                try (PreparedStatement q = c.prepareStatement("INSERT INTO hash_cache (path, algorithm, digest, size, mtime, cached_at, "
                        + "mtime_ns, inode, device) VALUES ('/z', 'blake3', 'd2', 1, 1, 1, 1, 2, 1)")) {
                    q.executeUpdate();
                }
                return null;
            });

            assertThat(cache.entriesFor(List.of(PathBytes.of("/a"), PathBytes.of("/z")), HashAlgorithm.BLAKE3)).isEmpty();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
