package dev.roar.core.lineage;

import dev.roar.core.hash.FileHasher;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.hash.HashCache;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactPresenceTest {
    @TempDir
    Path dir;

    /**
     * Every way of consulting the cache and the disk: a query per file (few files), one pass over the cache
     * (many), the native stat on two threads with the cache read by a prepared helper (thousands). The files
     * come in creation order (f0, f1, f2, ...), not path order (f0, f1, f10, ...), and the states in theirs.
     */
    @ParameterizedTest
    @CsvSource({"4, false", "100, false", "3000, false", "3000, true"})
    void tellsPresentFromModifiedFromMissing(int count, boolean prepared) throws Exception {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paths.add(Files.writeString(dir.resolve("f" + i + ".txt"), "content " + (char) ('a' + i % 26)));
        }
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            HashCache cache = new HashCache(store);
            FileHasher.Result hashed = new FileHasher(cache).hash(paths.stream().map(p -> PathBytes.of(p.toString())).toList(),
                    EnumSet.of(HashAlgorithm.BLAKE3));
            List<JobFile> recorded = paths.stream().map(p -> {
                PathBytes path = PathBytes.of(p.toString());
                return new JobFile(path, "id" + p.getFileName(), hashed.digests().get(path).blake3(),
                        hashed.digests().get(path).stat().size());
            }).toList();

            // f0 untouched; f1 same size, new bytes and a new mtime; f2 another size; f3 gone.
            FileTime mtime = Files.getLastModifiedTime(paths.get(1));
            Files.writeString(paths.get(1), "CONTENT x");
            Files.setLastModifiedTime(paths.get(1), FileTime.fromMillis(mtime.toMillis() + 5000));
            Files.writeString(paths.get(2), "longer content than before");
            Files.delete(paths.get(3));

            ArtifactPresence presence = prepared ? ArtifactPresence.prepareFor(cache, count) : new ArtifactPresence(cache);
            List<ArtifactPresence.State> inOrder = presence.statesOf(recorded);
            Map<PathBytes, ArtifactPresence.State> states = new ArtifactPresence(cache).check(recorded);

            assertThat(inOrder).containsExactlyElementsOf(recorded.stream().map(f -> states.get(f.path())).toList());
            assertThat(states).hasSize(count);
            assertThat(states.get(recorded.get(0).path())).isEqualTo(ArtifactPresence.State.PRESENT);
            assertThat(states.get(recorded.get(1).path())).isEqualTo(ArtifactPresence.State.MODIFIED);
            assertThat(states.get(recorded.get(2).path())).isEqualTo(ArtifactPresence.State.MODIFIED);
            assertThat(states.get(recorded.get(3).path())).isEqualTo(ArtifactPresence.State.MISSING);
            assertThat(recorded.subList(4, count)).allSatisfy(f -> assertThat(states.get(f.path())).isEqualTo(ArtifactPresence.State.PRESENT));
        }
    }

    /**
     * The cache is merged in path order (SQLite's BLOB order, unsigned bytes): files given in no order, one
     * listed twice, and names with bytes above 0x7f (which sort after ASCII unsigned, before it signed). Every
     * file is then rewritten in place with other bytes and its mtime put back, so only a matched cache row
     * can call it present (the cache is trusted when size, mtime, inode and device agree); a missed row
     * would have it hashed and found modified.
     */
    @org.junit.jupiter.api.Test
    void filesInAnyOrderWithRepeatsAndHighBytesAreMatchedToTheirCacheRows() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        List<PathBytes> paths = new ArrayList<>();
        StringBuilder renames = new StringBuilder("set -e");
        byte[] base = (data + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            Files.writeString(data.resolve("n" + i), "bytes " + i);
            byte[] name = ("n" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (i % 3 == 0) {
                // java.nio cannot spell a lone byte above 0x7f in a name under UTF-8; the shell can.
                int high = 0x80 + i;
                renames.append(String.format(" && mv n%d \"$(printf '\\%03o')x\"", i, high));
                name = new byte[] {(byte) high, 'x'};
            }
            byte[] full = java.util.Arrays.copyOf(base, base.length + name.length);
            System.arraycopy(name, 0, full, base.length, name.length);
            paths.add(PathBytes.of(full));
        }
        assertThat(shell(data, renames.toString())).isZero();
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            HashCache cache = new HashCache(store);
            FileHasher.Result hashed = new FileHasher(cache).hash(paths, EnumSet.of(HashAlgorithm.BLAKE3));
            List<JobFile> recorded = new ArrayList<>(paths.stream().map(p -> new JobFile(p, "id", hashed.digests().get(p).blake3(),
                    hashed.digests().get(p).stat().size())).toList());
            java.util.Collections.shuffle(recorded, new java.util.Random(7));
            recorded.add(recorded.get(3));
            assertThat(shell(data, "for f in *; do touch -r \"$f\" ../ref && printf B | dd of=\"$f\" conv=notrunc status=none"
                    + " && touch -r ../ref \"$f\"; done")).isZero();
            // One file also gets a new mtime: its cache row no longer vouches for it, so it is hashed.
            JobFile changed = recorded.stream().filter(f -> f.path().utf8().isPresent()).findFirst().orElseThrow();
            Path changedFile = Path.of(changed.path().display());
            Files.setLastModifiedTime(changedFile, FileTime.fromMillis(Files.getLastModifiedTime(changedFile).toMillis() + 3000));

            List<ArtifactPresence.State> inOrder = new ArtifactPresence(cache).statesOf(recorded);
            Map<PathBytes, ArtifactPresence.State> states = new ArtifactPresence(cache).check(recorded);

            assertThat(inOrder).containsExactlyElementsOf(recorded.stream().map(f -> states.get(f.path())).toList());
            assertThat(states).hasSize(50);
            assertThat(states.get(changed.path())).isEqualTo(ArtifactPresence.State.MODIFIED);
            assertThat(paths.stream().filter(p -> !p.equals(changed.path())).map(states::get)).containsOnly(ArtifactPresence.State.PRESENT);
        }
    }

    private static int shell(Path dir, String script) throws Exception {
        return new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start().waitFor();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60})
    void aFileRewrittenWithTheSameBytesIsStillPresent(int count) throws Exception {
        List<PathBytes> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paths.add(PathBytes.of(Files.writeString(dir.resolve("g" + i), "same " + i).toString()));
        }
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            HashCache cache = new HashCache(store);
            FileHasher.Result hashed = new FileHasher(cache).hash(paths, EnumSet.of(HashAlgorithm.BLAKE3));
            List<JobFile> recorded = paths.stream().map(p -> new JobFile(p, "id", hashed.digests().get(p).blake3(),
                    hashed.digests().get(p).stat().size())).toList();
            Path first = Path.of(paths.getFirst().display());
            Files.writeString(first, "same 0");
            Files.setLastModifiedTime(first, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 7000));

            assertThat(new ArtifactPresence(cache).check(recorded).values()).containsOnly(ArtifactPresence.State.PRESENT);
        }
    }
}
