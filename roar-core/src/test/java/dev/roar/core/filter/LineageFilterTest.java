package dev.roar.core.filter;

import dev.roar.core.config.ConfigLoader;
import dev.roar.core.config.RoarConfig;
import dev.roar.core.project.ProjectLayout;
import dev.roar.trace.classify.FileFact;
import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LineageFilterTest {
    @TempDir
    Path repo;

    private static FileFact read(String path) {
        return new FileFact(PathBytes.of(path), true, true, false, false, false, false);
    }

    private static FileFact written(String path) {
        return new FileFact(PathBytes.of(path), false, false, false, true, true, false);
    }

    private static FileFact scratch(String path) {
        return new FileFact(PathBytes.of(path), false, true, false, true, true, false);
    }

    private LineageFilter.Outcome apply(Map<String, String> env, List<String> executed, FileFact... facts) {
        RoarConfig config = ConfigLoader.load(new ProjectLayout(repo), env);
        LineageFilter filter = new LineageFilter(new LineageFilter.Context(repo, Path.of("/home/u"),
                Set.of("train.py", "data/input.csv"), executed.stream().map(PathBytes::of).toList(), config));
        return filter.apply(List.of(facts));
    }

    private static List<String> paths(List<FileFact> facts) {
        return facts.stream().map(f -> f.path().display()).toList();
    }

    @Test
    void keepsDataDropsSystemPackagesCodeAndScratch() {
        String r = repo.toString();
        LineageFilter.Outcome outcome = apply(Map.of(), List.of("/opt/pyenv/versions/3.11/bin/python3"),
                read(r + "/data/input.csv"), read(r + "/train.py"), read("/etc/hostname"),
                read("/opt/pyenv/versions/3.11/lib/python3.11/json/__init__.py"),
                read("/home/u/venv/lib/python3.11/site-packages/numpy/core.py"),
                read("/home/u/.cache/huggingface/hub/model.bin"), read("/tmp/shared-input.csv"),
                scratch("/tmp/work/scratch.bin"), written(r + "/model.pkl"), written(r + "/.git/index"),
                written(r + "/pkg/__pycache__/m.cpython-311.pyc"), written("/tmp/published.csv"));
        assertThat(paths(outcome.inputs())).containsExactly(r + "/data/input.csv", "/tmp/shared-input.csv");
        assertThat(paths(outcome.outputs())).containsExactly(r + "/model.pkl", "/tmp/published.csv");
        assertThat(outcome.dropped()).containsKeys(FilterCategory.SYSTEM, FilterCategory.PACKAGES, FilterCategory.REPO_CODE,
                FilterCategory.LIBRARY_CACHES, FilterCategory.TMP_SCRATCH, FilterCategory.GIT_METADATA, FilterCategory.WRITE_NOISE);
        assertThat(paths(outcome.dropped().get(FilterCategory.REPO_CODE).stream().map(p -> new FileFact(p, false, false, false, false, false, false)).toList()))
                .containsExactly(r + "/train.py");
    }

    @Test
    void aScriptRunFromTheRepoDoesNotTurnTheRepoIntoAPackage() {
        String r = repo.toString();
        LineageFilter.Outcome outcome = apply(Map.of(), List.of(r + "/bin/run.sh", "/home/u/bin/tool"),
                read(r + "/data/input.csv"), read(r + "/bin/params.json"));
        assertThat(paths(outcome.inputs())).containsExactly(r + "/data/input.csv", r + "/bin/params.json");
    }

    @Test
    void configSwitchesTheFiltersOff() {
        String r = repo.toString();
        LineageFilter.Outcome outcome = apply(Map.of("ROAR_OUTPUT__TRACK_REPO_FILES", "true",
                        "ROAR_FILTERS__IGNORE_SYSTEM_READS", "false", "ROAR_FILTERS__IGNORE_PATHS", "data/*,/srv/cache"),
                List.of(), read(r + "/train.py"), read("/etc/hostname"), read(r + "/data/input.csv"), read("/srv/cache/x"));
        assertThat(paths(outcome.inputs())).containsExactly(r + "/train.py", "/etc/hostname");
        assertThat(outcome.dropped().get(FilterCategory.IGNORE_PATHS)).hasSize(2);
    }

    @Test
    void aRepositoryUnderTmpIsAProjectNotScratch() {
        LineageFilter.Outcome outcome = apply(Map.of(), List.of(), scratch(repo + "/y"));
        assertThat(paths(outcome.outputs())).containsExactly(repo + "/y");
    }
}
