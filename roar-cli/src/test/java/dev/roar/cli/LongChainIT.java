package dev.roar.cli;

import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileHasher;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.hash.HashCache;
import dev.roar.core.project.ProjectInitializer;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.run.JobRecord;
import dev.roar.core.run.JobRecorder;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 40-step chain, each step reading one of the previous step's 5 outputs, recorded through roar's own
 * recorder into a real repository (no tracing: the views are under test). `dag` must show every step
 * once without indenting past its nesting limit, and its text from the dependencies-only load must
 * match the steps of the full load that `--show-artifacts` uses.
 */
class LongChainIT {
    private static final int STEPS = 40;
    private static final int OUTPUTS = 5;

    @TempDir
    static Path dir;
    static Path repo;

    @BeforeAll
    static void recordChain() throws Exception {
        repo = TestRepo.create(dir.resolve("repo"));
        Files.writeString(repo.resolve(".gitignore"), "data/\n");
        ProjectLayout layout = new ProjectLayout(repo);
        ProjectInitializer.initialize(layout, true);
        GitState git = new GitState(Optional.of("0123456789abcdef0123456789abcdef01234567"), Optional.of("main"),
                Optional.empty(), List.of());
        try (Store store = Store.open(layout.database())) {
            FileHasher hasher = new FileHasher(new HashCache(store));
            List<PathBytes> previous = List.of();
            for (int step = 1; step <= STEPS; step++) {
                Path out = Files.createDirectories(repo.resolve("data/step" + step));
                List<PathBytes> outputs = new ArrayList<>();
                for (int k = 0; k < OUTPUTS; k++) {
                    outputs.add(PathBytes.of(Files.writeString(out.resolve("part" + k), step + "/" + k).toString()));
                }
                List<PathBytes> inputs = previous.isEmpty() ? List.of() : List.of(previous.get(step % OUTPUTS));
                List<PathBytes> all = new ArrayList<>(inputs);
                all.addAll(outputs);
                JobRecorder.record(store, layout.roarDir(), new JobRecord(JobRecorder.newJobUid(), JobType.RUN,
                        "python step.py --n " + step, 1.7e9 + step, 1.0, 0, git, "ptrace", 0, "{}", inputs, outputs,
                        hasher.hash(all, EnumSet.of(HashAlgorithm.BLAKE3)).digests(), "identity-" + step, null));
                previous = outputs;
            }
        }
    }

    @Test
    void aLongChainPrintsEveryStepOnceWithinTheNestingLimit() {
        RoarProcess.Result dag = RoarProcess.run(repo, "dag", "--no-color");
        assertThat(dag.exitCode()).as(dag.toString()).isZero();
        List<String> lines = dag.out().lines().toList();
        for (int step = 1; step <= STEPS; step++) {
            String expected = "@" + step + " python step.py --n " + step + "  in:" + (step == 1 ? 0 : 1) + " out:" + OUTPUTS + " cons:"
                    + (step == 1 ? 0 : 1);
            assertThat(lines).as("step %d in%n%s", step, dag.out()).filteredOn(l -> l.endsWith(expected)).hasSize(1);
        }
        assertThat(lines).anyMatch(l -> l.endsWith("continued below, from @13")).contains("Continued from @13:");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(13 * 5 + 60));
    }

    @Test
    void theStepsOfTheDependencyLoadMatchTheFullLoad() {
        RoarProcess.Result steps = RoarProcess.run(repo, "dag", "--no-color");
        RoarProcess.Result withFiles = RoarProcess.run(repo, "dag", "--no-color", "--show-artifacts");
        assertThat(withFiles.exitCode()).as(withFiles.toString()).isZero();
        assertThat(withFiles.out().lines().filter(l -> l.contains(" (file)")).count()).isEqualTo(STEPS * OUTPUTS);
        assertThat(withFiles.out().lines().filter(l -> !l.contains(" (file)")).toList())
                .isEqualTo(steps.out().lines().toList());
    }

    @Test
    void jsonListsEveryNodeWithItsOutputCountAndDependency() {
        RoarProcess.Result json = RoarProcess.run(repo, "dag", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"total_steps\": " + STEPS);
        assertThat(Arrays.stream(json.out().split("\"metrics\"")).skip(1))
                .hasSize(STEPS).allSatisfy(m -> assertThat(m).contains("\"outputs\": " + OUTPUTS));
    }
}
