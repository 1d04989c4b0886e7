package dev.roar.core.reproduce;

import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.LineageJob;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to make an artifact (or a whole session) again: where its code is, the jobs to replay (build
 * steps first, then run steps so that every job comes after the jobs that made its inputs), and the
 * environment they recorded: Python version, pip and Debian packages, and what the build steps installed.
 *
 * @param target    the artifact asked for; empty when a whole session is reproduced
 * @param gitRepo   where to clone from: the recorded remote, else the local repository the store belongs to
 * @param commits   every commit the planned jobs ran at (one, normally); the clone checks out {@code commit}
 * @param runtime   the machine the last planned job recorded (empty when none did), to warn about differences
 */
public record ReproductionPlan(Optional<ArtifactRecord> target, String gitRepo, String commit, List<String> commits,
                               List<LineageJob> builds, List<LineageJob> runs, Map<String, String> pip,
                               Map<String, String> dpkg, Map<String, String> buildPip, Map<String, String> buildDpkg,
                               Optional<String> pythonVersion, Map<String, Object> runtime) {
    public List<LineageJob> steps() {
        List<LineageJob> all = new java.util.ArrayList<>(builds);
        all.addAll(runs);
        return all;
    }
}
