package dev.roar.core.run;

import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileDigests;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;
import dev.roar.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording against a reference model that registers one file at a time, as the original roar does: a file
 * is the artifact any of its (algorithm, digest) pairs names, which gains its missing pairs and is seen last
 * at the file's path; else a new artifact. Random jobs over a few paths and contents, some files with a
 * sha256 besides the blake3, written to a real store; every table is then compared with the model.
 */
class JobRecorderTest {
    private static final String[] PATHS = {"a.csv", "b.csv", "c.bin", "d/model.pkl", "e.json", "f.txt"};
    private static final String[] CONTENTS = {"1", "2", "3", "4"};

    @TempDir
    Path dir;

    /** The model's artifact: its pairs and where it was seen first and last. */
    private static final class ModelArtifact {
        /** "algorithm digest": one artifact can hold two digests of one algorithm when files disagreed. */
        final List<String> pairs = new ArrayList<>();
        String firstPath;
        String lastPath;
        long size;
        String blake3;
    }

    @Test
    void recordedArtifactsAndLinksMatchTheOneFileAtATimeModel() {
        int[] store = {0};
        Seeded.check(60, random -> checkOne(random, dir.resolve("s" + store[0]++)));
    }

    private void checkOne(Random random, Path root) {
        try (Store store = Store.create(root.resolveSibling(root.getFileName() + ".db"))) {
            List<ModelArtifact> model = new ArrayList<>();
            Map<String, ModelArtifact> byPair = new HashMap<>();
            Map<ModelArtifact, String> realIds = new HashMap<>();
            int jobs = 1 + random.nextInt(10);
            for (int j = 0; j < jobs; j++) {
                Map<PathBytes, FileDigests> digests = new HashMap<>();
                List<PathBytes> inputs = files(random, root, digests);
                List<PathBytes> outputs = files(random, root, digests);
                outputs.removeAll(inputs);
                JobRecorder.Recorded recorded = JobRecorder.record(store, root.resolve(".roar"), job(inputs, outputs, digests, j));

                List<String> newIds = new ArrayList<>();
                checkTable(store, recorded.jobId(), "job_inputs", inputs, recorded.inputs(), digests, model, byPair, realIds, newIds);
                checkTable(store, recorded.jobId(), "job_outputs", outputs, recorded.outputs(), digests, model, byPair, realIds, newIds);
                // The job's new artifacts were made in digest order with ascending ids.
                assertThat(newIds).isSortedAccordingTo(Comparator.naturalOrder());
            }
            checkArtifacts(store, model, realIds);
        }
    }

    /** Replays one table of a job in the model, and checks what the recorder returned and stored for it. */
    private static void checkTable(Store store, long jobId, String table, List<PathBytes> paths, List<RecordedFile> returned,
                                   Map<PathBytes, FileDigests> digests, List<ModelArtifact> model,
                                   Map<String, ModelArtifact> byPair, Map<ModelArtifact, String> realIds, List<String> newIds) {
        assertThat(returned).extracting(RecordedFile::path).containsExactlyElementsOf(paths);
        // The model registers in the recorder's documented order: by blake3, then path.
        List<PathBytes> order = paths.stream().sorted(Comparator.comparing((PathBytes p) -> digests.get(p).blake3())
                .thenComparing(Comparator.naturalOrder())).toList();
        Map<PathBytes, ModelArtifact> artifactOf = new HashMap<>();
        for (PathBytes path : order) {
            FileDigests d = digests.get(path);
            ModelArtifact found = null;
            for (Map.Entry<HashAlgorithm, String> pair : d.digests().entrySet()) {
                found = found != null ? found : byPair.get(pair.getKey().id() + ":" + pair.getValue());
            }
            boolean created = found == null;
            if (created) {
                found = new ModelArtifact();
                found.firstPath = path.toString();
                found.size = d.stat().size();
                found.blake3 = d.blake3();
                model.add(found);
            }
            found.lastPath = path.toString();
            for (Map.Entry<HashAlgorithm, String> pair : d.digests().entrySet()) {
                if (byPair.putIfAbsent(pair.getKey().id() + ":" + pair.getValue(), found) == null) {
                    found.pairs.add(pair.getKey().id() + " " + pair.getValue());
                }
            }
            artifactOf.put(path, found);
            String real = returned.get(paths.indexOf(path)).artifactId();
            if (created) {
                assertThat(realIds.values()).as("a new artifact gets a new id").doesNotContain(real);
                realIds.put(found, real);
                newIds.add(real);
            }
            assertThat(real).as("artifact of %s", path).isEqualTo(realIds.get(found));
        }
        for (RecordedFile file : returned) {
            FileDigests d = digests.get(file.path());
            assertThat(file.blake3()).isEqualTo(d.blake3());
            assertThat(file.size()).isEqualTo(d.stat().size());
        }
        List<String> stored = store.read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT artifact_id, path, hash, size FROM " + table + " WHERE job_id = ?")) {
                q.setLong(1, jobId);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getString(1) + " " + new String(r.getBytes(2), StandardCharsets.UTF_8) + " " + r.getString(3)
                                + " " + r.getLong(4));
                    }
                }
            }
            return rows;
        });
        // Each row carries its artifact's hash and size: the artifact's, also where the file's blake3 differs.
        assertThat(stored).containsExactlyInAnyOrderElementsOf(paths.stream().map(p -> realIds.get(artifactOf.get(p)) + " " + p
                + " " + artifactOf.get(p).blake3 + " " + artifactOf.get(p).size).toList());
    }

    private static void checkArtifacts(Store store, List<ModelArtifact> model, Map<ModelArtifact, String> realIds) {
        List<String> expected = new ArrayList<>();
        List<String> expectedPairs = new ArrayList<>();
        for (ModelArtifact a : model) {
            String id = realIds.get(a);
            expected.add(String.join(" ", id, Long.toString(a.size), a.blake3, a.firstPath, a.lastPath));
            a.pairs.forEach(pair -> expectedPairs.add(id + " " + pair));
        }
        List<String> artifacts = store.read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, size, hash, first_seen_path, path FROM artifacts");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(String.join(" ", r.getString(1), Long.toString(r.getLong(2)), r.getString(3),
                            new String(r.getBytes(4), StandardCharsets.UTF_8), new String(r.getBytes(5), StandardCharsets.UTF_8)));
                }
            }
            return rows;
        });
        List<String> pairs = store.read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT artifact_id, algorithm, digest FROM artifact_hashes");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
                }
            }
            return rows;
        });
        assertThat(artifacts).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pairs).containsExactlyInAnyOrderElementsOf(expectedPairs);
    }

    /**
     * Up to four files at random paths with random contents; a third of them also carry a sha256, which half the time
     * belongs to other bytes than their blake3 (a store can hold pairs that disagree: the rule must still pick one).
     */
    private static List<PathBytes> files(Random random, Path root, Map<PathBytes, FileDigests> into) {
        List<PathBytes> out = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            PathBytes path = PathBytes.of(root.resolve(PATHS[random.nextInt(PATHS.length)]).toString());
            if (out.contains(path)) {
                continue;
            }
            String content = CONTENTS[random.nextInt(CONTENTS.length)];
            Map<HashAlgorithm, String> digests = new HashMap<>();
            digests.put(HashAlgorithm.BLAKE3, digest(HashAlgorithm.BLAKE3, content));
            if (random.nextInt(3) == 0) {
                String shaOf = random.nextInt(2) == 0 ? CONTENTS[random.nextInt(CONTENTS.length)] : content;
                digests.put(HashAlgorithm.SHA256, digest(HashAlgorithm.SHA256, shaOf));
            }
            into.put(path, new FileDigests(new FileStat(1, out.size() + 1, 0100644, content.length(), 1), digests));
            out.add(path);
        }
        return out;
    }

    private static String digest(HashAlgorithm algorithm, String content) {
        return algorithm.digest(content.getBytes(StandardCharsets.UTF_8));
    }

    private static JobRecord job(List<PathBytes> inputs, List<PathBytes> outputs, Map<PathBytes, FileDigests> digests, int index) {
        GitState git = new GitState(Optional.of("c0ffee"), Optional.of("main"), Optional.empty(), List.of());
        return new JobRecord(JobRecorder.newJobUid(), JobType.RUN, "job " + index, 1000.0 + index, 1.0, 0, git, "ptrace", 0, "{}",
                inputs, outputs, digests, "step-" + index, null);
    }

    @Test
    void newArtifactIdsAreVersion7UuidsThatAscend() {
        List<String> ids = new ArrayList<>();
        long millis = 1_700_000_000_000L;
        for (int i = 0; i < 5000; i++) {
            ids.add(ArtifactRegistry.newId(millis + i / 1000));
        }
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(ids).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        UUID first = UUID.fromString(ids.getFirst().replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }
}
