package dev.roar.core.hash;

import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FileHasherTest {
    @TempDir
    Path dir;

    private static PathBytes p(Path path) {
        return PathBytes.of(path.toString());
    }

    @Test
    void blake3MatchesTheReferenceTestVectors() {
        // From the BLAKE3 reference test vectors: input bytes i % 251.
        assertThat(HashAlgorithm.BLAKE3.digest(new byte[0]))
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        byte[] input = new byte[1024];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i % 251);
        }
        assertThat(HashAlgorithm.BLAKE3.digest(input))
                .isEqualTo("42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7");
        assertThat(HashAlgorithm.SHA256.digest("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesEveryAlgorithmInOneReadAndReportsWhatItCannotHash() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "abc");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            FileHasher.Result result = new FileHasher(new HashCache(store))
                    .hash(List.of(p(a), p(sub), p(dir.resolve("gone"))), EnumSet.of(HashAlgorithm.BLAKE3, HashAlgorithm.SHA256));
            assertThat(result.digests()).containsOnlyKeys(p(a));
            assertThat(result.digests().get(p(a)).digests().get(HashAlgorithm.SHA256))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(result.digests().get(p(a)).blake3()).isEqualTo(HashAlgorithm.BLAKE3.digest("abc".getBytes(StandardCharsets.US_ASCII)));
            assertThat(result.failures()).extracting(FileHasher.Failure::reason).containsExactlyInAnyOrder("not a regular file", "missing");
        }
    }

    @Test
    void theCacheServesUnchangedFilesAndNeverAChangedOne() throws Exception {
        Path a = Files.writeString(dir.resolve("a.bin"), "first");
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            FileHasher hasher = new FileHasher(new HashCache(store));
            Set<HashAlgorithm> blake3 = EnumSet.of(HashAlgorithm.BLAKE3);
            String first = hasher.hash(List.of(p(a)), blake3).digests().get(p(a)).blake3();
            FileHasher.Result again = hasher.hash(List.of(p(a)), blake3);
            assertThat(again.cacheHits()).isEqualTo(1);
            assertThat(again.digests().get(p(a)).blake3()).isEqualTo(first);

            // Same size, new content, replaced by rename: a new inode even if the mtime matched.
            Path replacement = Files.writeString(dir.resolve("a.tmp"), "other");
            Files.move(replacement, a, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            FileHasher.Result changed = hasher.hash(List.of(p(a)), blake3);
            assertThat(changed.cacheHits()).isZero();
            assertThat(changed.digests().get(p(a)).blake3()).isEqualTo(HashAlgorithm.BLAKE3.digest("other".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void manyFilesHashInParallelToTheSameAnswers() throws Exception {
        List<PathBytes> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            paths.add(p(Files.writeString(dir.resolve("f" + i), "content " + i)));
        }
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            FileHasher.Result result = new FileHasher(new HashCache(store)).hash(paths, EnumSet.of(HashAlgorithm.BLAKE3));
            for (int i = 0; i < 40; i++) {
                assertThat(result.digests().get(paths.get(i)).blake3())
                        .isEqualTo(HashAlgorithm.BLAKE3.digest(("content " + i).getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }
}
