package dev.roar.core.reproduce;

import dev.roar.core.RoarException;
import dev.roar.core.json.JsonReader;
import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.JobLink;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.LineageReader;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans a reproduction from the local store: the job that made the artifact and, transitively, the jobs
 * that made each of its inputs (as they were when it read them, not the steps' latest runs), plus the
 * session's build steps. Run jobs are ordered so each follows its producers; ties by step number.
 */
public final class ReproductionPlanner {
    private final LineageReader reader;
    private final Path repoRoot;

    public ReproductionPlanner(LineageReader reader, Path repoRoot) {
        this.reader = reader;
        this.repoRoot = repoRoot;
    }

    public ReproductionPlan forArtifact(ArtifactRecord artifact) {
        List<JobLink> producers = reader.jobsWith(artifact.id(), true);
        if (producers.isEmpty()) {
            throw new RoarException(artifact.path().display() + " (" + artifact.blake3().substring(0, 12)
                    + ") was not made by any job: it is a source file, reproduced by checking out its commit.",
                    "Pick an output: 'roar dag --show-artifacts' lists them.");
        }
        LineageJob made = producers.getFirst().job();
        // Each input's producer as it was when the consumer read it: the newest earlier job that wrote those bytes.
        Map<Long, LineageJob> needed = new HashMap<>();
        Map<Long, Set<Long>> upstream = new HashMap<>();
        List<LineageJob> work = new ArrayList<>(List.of(made));
        while (!work.isEmpty()) {
            LineageJob job = work.removeLast();
            if (needed.putIfAbsent(job.id(), job) != null) {
                continue;
            }
            Set<Long> deps = new LinkedHashSet<>();
            for (JobFile input : reader.files(job, false)) {
                reader.jobsWith(input.artifactId(), true).stream().map(JobLink::job)
                        .filter(p -> p.id() < job.id() && p.sessionId() == job.sessionId() && p.type() == JobType.RUN)
                        .findFirst().ifPresent(p -> {
                            deps.add(p.id());
                            work.add(p);
                        });
            }
            upstream.put(job.id(), deps);
        }
        List<LineageJob> runs = topological(needed, upstream);
        List<LineageJob> builds = buildsOf(made.sessionId());
        return plan(Optional.of(artifact), made, builds, runs);
    }

    /** Every step of a session as its latest run, builds first. */
    public ReproductionPlan forSession(Session session) {
        LineageGraph graph = LineageGraph.of(reader.loadDependencies(session));
        List<LineageJob> runs = graph.activeNodes().stream().map(LineageGraph.Node::job).filter(j -> j.type() == JobType.RUN)
                .sorted(Comparator.comparingLong(LineageJob::id)).toList();
        if (runs.isEmpty()) {
            throw new RoarException("Session " + session.hash().substring(0, 12) + " has no run steps to reproduce.",
                    "Record steps with 'roar run' first.");
        }
        List<LineageJob> builds = graph.activeNodes().stream().map(LineageGraph.Node::job).filter(j -> j.type() == JobType.BUILD)
                .sorted(Comparator.comparingInt(LineageJob::stepNumber)).toList();
        Map<Long, LineageJob> byId = new HashMap<>();
        Map<Long, Set<Long>> upstream = new HashMap<>();
        Map<String, Long> stepToJob = new HashMap<>();
        runs.forEach(j -> {
            byId.put(j.id(), j);
            stepToJob.put(j.step().toString(), j.id());
        });
        for (LineageGraph.Node n : graph.activeNodes()) {
            if (n.job().type() == JobType.RUN) {
                Set<Long> deps = new LinkedHashSet<>();
                n.dependencies().forEach(s -> Optional.ofNullable(stepToJob.get(s.toString())).ifPresent(deps::add));
                upstream.put(n.job().id(), deps);
            }
        }
        return plan(Optional.empty(), runs.getLast(), builds, topological(byId, upstream));
    }

    private ReproductionPlan plan(Optional<ArtifactRecord> target, LineageJob made, List<LineageJob> builds, List<LineageJob> runs) {
        List<LineageJob> all = new ArrayList<>(builds);
        all.addAll(runs);
        Map<String, String> pip = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> dpkg = new TreeMap<>();
        Map<String, String> buildPip = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> buildDpkg = new TreeMap<>();
        Optional<String> python = Optional.empty();
        Map<String, Object> runtime = Map.of();
        Set<String> commits = new LinkedHashSet<>();
        for (LineageJob job : all) {
            Map<String, Object> metadata = JsonReader.object(job.metadata() == null ? "{}" : job.metadata());
            if (metadata.get("packages") instanceof Map<?, ?> packages) {
                merge(pip, packages.get(job.type() == JobType.BUILD ? "none" : "pip"));
                merge(dpkg, packages.get(job.type() == JobType.BUILD ? "none" : "dpkg"));
                merge(buildPip, packages.get("build_pip"));
                merge(buildDpkg, packages.get("build_dpkg"));
            }
            if (metadata.get("runtime") instanceof Map<?, ?> rt) {
                @SuppressWarnings("unchecked")
                Map<String, Object> recorded = (Map<String, Object>) rt;
                runtime = recorded;
                if (python.isEmpty() && rt.get("python") instanceof Map<?, ?> py && py.get("version") instanceof String v) {
                    python = Optional.of(v);
                }
            }
            if (job.gitCommit() != null) {
                commits.add(job.gitCommit());
            }
        }
        // What a build step installed is set up by replaying it, not by pinning it again.
        buildPip.keySet().forEach(pip::remove);
        String repo = made.gitRepo() != null ? made.gitRepo() : repoRoot.toString();
        if (made.gitCommit() == null) {
            throw new RoarException("The job that made it (" + made.uid() + ") ran before the repository's first commit: "
                    + "there is no code to check out.", "Commit the code, re-run the steps with roar run, then reproduce.");
        }
        return new ReproductionPlan(target, repo, made.gitCommit(), List.copyOf(commits), builds, runs, pip, dpkg, buildPip,
                buildDpkg, python, runtime);
    }

    private List<LineageJob> buildsOf(long sessionId) {
        return reader.sessions().stream().filter(s -> s.id() == sessionId).findFirst()
                .map(s -> LineageGraph.of(reader.loadDependencies(s)).activeNodes().stream().map(LineageGraph.Node::job)
                        .filter(j -> j.type() == JobType.BUILD).sorted(Comparator.comparingInt(LineageJob::stepNumber)).toList())
                .orElse(List.of());
    }

    /** Kahn's order: a job after every job it depends on; among the ready ones, the lowest step number first. */
    private static List<LineageJob> topological(Map<Long, LineageJob> jobs, Map<Long, Set<Long>> upstream) {
        Map<Long, Integer> waiting = new HashMap<>();
        Map<Long, List<Long>> downstream = new HashMap<>();
        for (Long id : jobs.keySet()) {
            Set<Long> deps = new LinkedHashSet<>(upstream.getOrDefault(id, Set.of()));
            deps.removeIf(d -> !jobs.containsKey(d));
            waiting.put(id, deps.size());
            deps.forEach(d -> downstream.computeIfAbsent(d, k -> new ArrayList<>()).add(id));
        }
        java.util.PriorityQueue<LineageJob> ready = new java.util.PriorityQueue<>(
                Comparator.comparingInt(LineageJob::stepNumber).thenComparingLong(LineageJob::id));
        waiting.forEach((id, n) -> {
            if (n == 0) {
                ready.add(jobs.get(id));
            }
        });
        List<LineageJob> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            LineageJob next = ready.poll();
            out.add(next);
            for (Long d : downstream.getOrDefault(next.id(), List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(jobs.get(d));
                }
            }
        }
        // A cycle (paths re-used back and forth) leaves jobs waiting: they run last, in recording order.
        jobs.values().stream().filter(j -> !out.contains(j)).sorted(Comparator.comparingLong(LineageJob::id)).forEach(out::add);
        return out;
    }

    private static void merge(Map<String, String> into, Object packages) {
        if (packages instanceof Map<?, ?> m) {
            m.forEach((k, v) -> into.put(String.valueOf(k), String.valueOf(v)));
        }
    }
}
