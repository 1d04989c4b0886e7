package dev.roar.bench.lineage;

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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A real repository whose active session holds {@code jobs} jobs and {@code jobs * outputsPerJob} artifacts,
 * written through the same recorder and hash cache `roar run` uses, so `status` and `dag` read exactly
 * what they would after a long real session. Each job reads a few outputs of its predecessor and of random
 * earlier jobs (seeded); every {@code rerunEvery}th job is a re-run of an earlier step, so superseded and stale
 * jobs exist (every 2nd: a session that re-ran its steps a lot, where most recorded rows belong to superseded runs).
 */
public record LargeSession(Path root, int jobs, int artifacts) {
    public static final int INPUTS_PER_JOB = 8;

    public static LargeSession create(Path root, int jobs, int outputsPerJob, int rerunEvery, long seed) throws IOException, InterruptedException {
        Files.createDirectories(root);
        git(root, "init", "-q");
        Files.writeString(root.resolve(".gitignore"), "data/\n");
        Files.writeString(root.resolve("pipeline.py"), "# the step scripts would live here\n");
        git(root, "add", ".");
        git(root, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "fixture");
        ProjectLayout layout = new ProjectLayout(root);
        ProjectInitializer.initialize(layout, true);
        String commit = gitOutput(root, "rev-parse", "HEAD");
        GitState git = new GitState(Optional.of(commit), Optional.of("main"), Optional.empty(), List.of());
        Random random = new Random(seed);
        List<List<PathBytes>> outputsByStep = new ArrayList<>();
        int artifacts = 0;
        try (Store store = Store.open(layout.database())) {
            FileHasher hasher = new FileHasher(new HashCache(store));
            for (int j = 0; j < jobs; j++) {
                boolean rerun = j > 0 && j % rerunEvery == 0;
                int step = rerun ? random.nextInt(outputsByStep.size()) : outputsByStep.size();
                List<PathBytes> outputs = rerun ? outputsByStep.get(step) : new ArrayList<>();
                Path dir = root.resolve("data").resolve("step" + step);
                Files.createDirectories(dir);
                for (int k = 0; k < outputsPerJob; k++) {
                    Path file = dir.resolve("part-" + k + ".bin");
                    // Unique bytes per job and file, so every output is its own artifact (a re-run writes new bytes).
                    Files.writeString(file, "job " + j + " file " + k + " " + random.nextLong() + "\n", StandardCharsets.UTF_8);
                    if (!rerun) {
                        outputs.add(PathBytes.of(file.toString()));
                    }
                }
                if (!rerun) {
                    outputsByStep.add(outputs);
                }
                artifacts += outputsPerJob;
                List<PathBytes> inputs = new ArrayList<>();
                if (step > 0) {
                    List<PathBytes> previous = outputsByStep.get(step - 1);
                    for (int k = 0; k < INPUTS_PER_JOB / 2; k++) {
                        inputs.add(previous.get(k));
                    }
                    for (int k = 0; k < INPUTS_PER_JOB / 2; k++) {
                        List<PathBytes> earlier = outputsByStep.get(random.nextInt(step));
                        PathBytes pick = earlier.get(random.nextInt(earlier.size()));
                        if (!inputs.contains(pick)) {
                            inputs.add(pick);
                        }
                    }
                }
                List<PathBytes> all = new ArrayList<>(inputs);
                all.addAll(outputs);
                FileHasher.Result hashed = hasher.hash(all, EnumSet.of(HashAlgorithm.BLAKE3));
                String command = "python step" + step + ".py --seed " + j;
                JobRecorder.record(store, layout.roarDir(), new JobRecord(JobRecorder.newJobUid(), JobType.RUN,
                        command, 1.7e9 + j, 1.0, 0, git, "ptrace", 0, "{}", inputs, outputs, hashed.digests(),
                        "step-" + step, null));
            }
        }
        return new LargeSession(root, jobs, artifacts);
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        gitOutput(dir, args);
    }

    private static String gitOutput(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
