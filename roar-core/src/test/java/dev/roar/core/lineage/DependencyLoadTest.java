package dev.roar.core.lineage;

import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileDigests;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.run.JobRecord;
import dev.roar.core.run.JobRecorder;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;
import dev.roar.core.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dependencies-only load must give the DAG a full load gives: the same steps, states, dependencies,
 * consumed counts and output counts. Checked on random sessions written to a real store, where a few
 * paths and a few contents are shared so that re-runs, copies, overwrites and reused bytes all occur.
 */
class DependencyLoadTest {
    private static final String[] PATHS = {"a.csv", "b.csv", "c.bin", "d/model.pkl", "e.json", "f.txt", "g.txt"};
    private static final String[] CONTENTS = {"1", "2", "3", "4", "5"};

    @TempDir
    Path dir;

    @Test
    void theDependencyGraphEqualsTheFullGraphOnRandomSessions() {
        int[] session = {0};
        Seeded.check(40, random -> checkOne(random, dir.resolve("s" + session[0]++)));
    }

    @Test
    void aDependencyGraphRefusesToListWhatItDidNotLoad() {
        Path roarDir = dir.resolve("one");
        try (Store store = Store.create(dir.resolve("one.db"))) {
            record(store, roarDir, new Random(1), List.of(), List.of("a.csv"), "step-1", 0);
            LineageReader reader = new LineageReader(store);
            LineageGraph graph = LineageGraph.of(reader.loadDependencies(reader.activeSession().orElseThrow()));
            assertThat(graph.activeNodes().getFirst().outputCount()).isEqualTo(1);
            assertThatThrownBy(() -> graph.activeNodes().getFirst().outputs()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> graph.artifacts(false)).isInstanceOf(IllegalStateException.class);
        }
    }

    private void checkOne(Random random, Path roarDir) {
        try (Store store = Store.create(roarDir.resolveSibling(roarDir.getFileName() + ".db"))) {
            int jobs = 1 + random.nextInt(14);
            for (int j = 0; j < jobs; j++) {
                List<String> inputs = pick(random, 3);
                List<String> outputs = pick(random, 3);
                outputs.removeAll(inputs);
                record(store, roarDir, random, inputs, outputs, "step-" + random.nextInt(5), j);
            }
            LineageReader reader = new LineageReader(store);
            Session session = reader.activeSession().orElseThrow();
            LineageGraph full = LineageGraph.of(reader.load(session));
            LineageGraph deps = LineageGraph.of(reader.loadDependencies(session));
            assertThat(summary(deps)).isEqualTo(summary(full));

            // What status reads: the active jobs alone, with the same files a full load gives them.
            List<LineageJob> active = deps.activeNodes().stream().map(LineageGraph.Node::job).toList();
            SessionLineage everything = reader.load(session);
            SessionLineage some = reader.loadJobs(session, active);
            assertThat(some.jobs()).isEqualTo(active);
            for (LineageJob job : active) {
                assertThat(some.inputsOf(job)).isEqualTo(everything.inputsOf(job));
                assertThat(some.outputsOf(job)).isEqualTo(everything.outputsOf(job));
            }
            assertThat(some.inputs().keySet()).allMatch(id -> active.stream().anyMatch(j -> j.id() == id));
            assertThat(some.outputs().keySet()).allMatch(id -> active.stream().anyMatch(j -> j.id() == id));
        }
    }

    private static List<String> summary(LineageGraph graph) {
        return graph.allNodes().stream().map(n -> n.job().uid() + " " + n.step() + " " + n.state() + " deps=" + n.dependencies()
                + " consumed=" + n.consumed() + " in=" + n.inputs().size() + " out=" + n.outputCount()).toList();
    }

    private static List<String> pick(Random random, int max) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            String path = PATHS[random.nextInt(PATHS.length)];
            if (!out.contains(path)) {
                out.add(path);
            }
        }
        return out;
    }

    /** A job whose files hold random contents from a small set, so equal bytes recur at different paths and times. */
    private static void record(Store store, Path roarDir, Random random, List<String> inputs, List<String> outputs,
                               String stepIdentity, int index) {
        Map<PathBytes, FileDigests> digests = new HashMap<>();
        List<PathBytes> in = new ArrayList<>();
        List<PathBytes> out = new ArrayList<>();
        for (String p : inputs) {
            in.add(digest(roarDir, p, random, digests));
        }
        for (String p : outputs) {
            out.add(digest(roarDir, p, random, digests));
        }
        GitState git = new GitState(Optional.of("c0ffee"), Optional.of("main"), Optional.empty(), List.of());
        JobRecorder.record(store, roarDir, new JobRecord(JobRecorder.newJobUid(), JobType.RUN, "step " + stepIdentity,
                1000.0 + index, 1.0, 0, git, "ptrace", 0, "{}", in, out, digests, stepIdentity, null));
    }

    private static PathBytes digest(Path root, String path, Random random, Map<PathBytes, FileDigests> into) {
        PathBytes bytes = PathBytes.of(root.resolve(path).toString());
        String content = CONTENTS[random.nextInt(CONTENTS.length)];
        into.put(bytes, new FileDigests(new FileStat(1, 1, 0100644, content.length(), 1),
                Map.of(HashAlgorithm.BLAKE3, HashAlgorithm.BLAKE3.digest(content.getBytes(StandardCharsets.UTF_8)))));
        return bytes;
    }
}
