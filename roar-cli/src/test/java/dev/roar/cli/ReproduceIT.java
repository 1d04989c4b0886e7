package dev.roar.cli;

import dev.roar.core.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** R1, R2 and reproduction's failure modes, on real traced pipelines (ptrace: the backend is not under test). */
class ReproduceIT {
    @TempDir
    Path dir;

    private Project pipeline() throws Exception {
        Project p = Project.create(Files.createDirectories(dir.resolve("project")), "ptrace");
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "train.py", "--lr=0.01", "--epochs=10");
        p.run(0, "python3", "evaluate.py");
        return p;
    }

    private static String hashOf(Project p, String path) {
        return String.valueOf(((Map<?, ?>) JsonReader.object(p.roar("show", path, "--json").out()).get("hashes")).get("blake3"));
    }

    @Test
    void r1PreviewListsRepoCommitStepsInOrderAndRequirements() throws Exception {
        Project p = pipeline();
        String hash = hashOf(p, "metrics.json");
        RoarProcess.Result preview = p.roar("reproduce", hash.substring(0, 10));
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        String evaluateCommit = p.query("SELECT git_commit FROM jobs WHERE step_number = 3").getFirst();
        assertThat(preview.out()).contains("Artifact:   " + hash + " (metrics.json)").contains("Git repo:   " + p.root)
                .contains("Git commit: " + evaluateCommit).contains("Run steps (3):");
        List<String> steps = preview.out().lines().filter(l -> l.matches("  [0-9]\\. .*")).toList();
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0)).startsWith("  1. python3 preprocess.py");
        assertThat(steps.get(1)).startsWith("  2. python3 train.py --lr=0.01 --epochs=10");
        assertThat(steps.get(2)).startsWith("  3. python3 evaluate.py");

        // The requirements are exactly the pip packages the three jobs recorded.
        TreeSet<String> recorded = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String step : List.of("@1", "@2", "@3")) {
            Map<?, ?> packages = (Map<?, ?>) JsonReader.object(p.roar("show", step, "--json").out()).get("packages");
            ((Map<?, ?>) packages.get("pip")).forEach((name, version) -> recorded.add(name + "==" + version));
        }
        RoarProcess.Result requirements = p.roar("reproduce", hash.substring(0, 10), "--list-requirements");
        assertThat(requirements.out().lines().filter(l -> !l.startsWith("#")).toList()).containsExactlyElementsOf(recorded);
        assertThat(p.roar("reproduce", "--lineage", "current").out()).contains("Session:    ").contains("Run steps (3):");
        RoarProcess.Result export = p.roar("reproduce", hash.substring(0, 10), "--export-requirements", "../requirements.txt");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("requirements.txt"))).isEqualTo(requirements.out().lines().toList());
        assertThat(p.roar("reproduce", hash.substring(0, 10), "--script").out())
                .contains("git checkout --detach " + evaluateCommit).contains("roar run python3 train.py --lr=0.01 --epochs=10");
    }

    @Test
    void r2RunReproducesMetricsInAFreshDirectory() throws Exception {
        Project p = pipeline();
        Path fresh = dir.resolve("fresh");
        RoarProcess.Result run = p.roar("reproduce", "metrics.json", "--run", "-y", "--dir", fresh.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Reproduced 3 of 3 steps identically").contains("Target metrics.json: same hash");
        assertThat(Files.readAllBytes(fresh.resolve("metrics.json"))).isEqualTo(Files.readAllBytes(p.root.resolve("metrics.json")));
        assertThat(RoarProcess.run(fresh, "log", "--json").out()).contains("python3 evaluate.py");
    }

    @Test
    void aNonDeterministicStepIsNamedAsTheFirstDivergence() throws Exception {
        Project p = Project.create(Files.createDirectories(dir.resolve("clock")), "ptrace");
        p.run(0, "python3", "-c", "import time; open('stamp.txt', 'w').write(repr(time.time()))");
        p.run(0, "sh", "-c", "cat stamp.txt > final.txt");
        RoarProcess.Result run = p.roar("reproduce", "final.txt", "--run", "-y", "--dir", dir.resolve("again").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("First divergence: @1 (python3 -c").contains("different bytes in stamp.txt")
                .contains("Target final.txt: NOT reproduced");
    }

    @Test
    void aStepPastItsTimeoutIsStoppedWithEveryProcessUnderIt() throws Exception {
        Project p = Project.create(Files.createDirectories(dir.resolve("slow")), "ptrace");
        // Quick where it was recorded; in the reproduction's clone (which has .venv) a shell waits on a long sleep.
        p.run(0, "sh", "-c", "test -d .venv && sleep 120; echo ok > s.txt");
        long start = System.nanoTime();
        RoarProcess.Result run = p.roar("reproduce", "s.txt", "--run", "-y", "--step-timeout", "3", "--dir", dir.resolve("slow-again").toString());
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(60);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("--step-timeout: 3 s passed").contains("First divergence: @1").contains("exited 143");
    }

    @Test
    void badInputGetsOneClearLineAndPartialWorkIsLeftNamed() throws Exception {
        Project p = Project.create(Files.createDirectories(dir.resolve("bad")), "ptrace");
        p.git("remote", "add", "origin", "/nonexistent/repo.git");
        p.run(0, "python3", "preprocess.py");

        RoarProcess.Result unknown = p.roar("reproduce", "00000000dead");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No job or artifact matches '00000000dead'");
        RoarProcess.Result source = p.roar("reproduce", "input.csv");
        assertThat(source.exitCode()).isEqualTo(1);
        assertThat(source.err()).contains("was not made by any job: it is a source file");
        assertThat(p.roar("reproduce").err()).contains("Name one thing to reproduce");

        Path target = dir.resolve("clone");
        RoarProcess.Result clone = p.roar("reproduce", "processed.csv", "--run", "-y", "--dir", target.toString());
        assertThat(clone.exitCode()).isEqualTo(1);
        assertThat(clone.err()).contains("Cannot clone /nonexistent/repo.git").contains("left in " + target);

        Files.createDirectories(dir.resolve("taken"));
        RoarProcess.Result taken = p.roar("reproduce", "processed.csv", "--run", "-y", "--dir", dir.resolve("taken").toString());
        assertThat(taken.err()).contains("already exists");
    }

    @Test
    void aPackageThatCannotBeInstalledStopsWithTheCloneLeftInPlace() throws Exception {
        Project p = Project.create(Files.createDirectories(dir.resolve("pkg")), "ptrace");
        p.write(".gitignore", ".roar/\nvenv/\n");
        Path wheel = EnvironmentScenarios.demoWheel(dir);
        p.commitAll("ignore venv");
        assertThat(new ProcessBuilder("python3", "-m", "venv", "venv").directory(p.root.toFile()).inheritIO().start().waitFor()).isZero();
        assertThat(new ProcessBuilder("venv/bin/python", "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel.toString())
                .directory(p.root.toFile()).inheritIO().start().waitFor()).isZero();
        p.run(0, "venv/bin/python", "-c", "import demo_pkg; open('v.txt', 'w').write(str(demo_pkg.VALUE))");

        Path target = dir.resolve("pkg-repro");
        RoarProcess.Result run = p.roar("reproduce", "v.txt", "--run", "-y", "--dir", target.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Could not install the recorded pip packages").contains("left in " + target);
        assertThat(target.resolve(".git")).isDirectory();
    }
}
