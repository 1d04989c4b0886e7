package dev.roar.core.lineage;

import dev.roar.trace.classify.PathBytes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DAG of one session, computed from its jobs and their files.
 *
 * <p>Steps: the latest job of each step is its active run; earlier ones are superseded. A job
 * depends on the step that produced one of its inputs: the latest earlier job of another step that
 * wrote the same artifact at the same path, else the same artifact anywhere, else the same path.
 * A step is stale when an input it consumed is not the artifact its producer step's latest run
 * wrote at that path; staleness flows downstream to everything that depends on a stale step.
 */
public final class LineageGraph {
    /** A job in the DAG. {@code consumed}: inputs that some other step of the session produced. */
    public record Node(LineageJob job, JobState state, SortedSet<StepRef> dependencies, int consumed,
                       List<JobFile> inputs, List<JobFile> outputs, int outputCount) {
        public StepRef step() {
            return job.step();
        }

        /** Every output; not known in a graph of a dependencies-only load, which has {@link #outputCount} only. */
        @Override
        public List<JobFile> outputs() {
            if (outputs == null) {
                throw new IllegalStateException("this graph was built from a dependencies-only load; its outputs are not listed");
            }
            return outputs;
        }
    }

    /** An output of a job in the DAG, with the steps whose active runs read it. */
    public record ArtifactNode(JobFile file, LineageJob producer, JobState state, String supersededBy,
                               SortedSet<StepRef> consumers) {
        public boolean terminal() {
            return consumers.isEmpty();
        }
    }

    private record Produced(LineageJob job, JobFile file) {
    }

    private final SessionLineage lineage;
    private final Map<StepRef, LineageJob> latest = new TreeMap<>();
    private final Map<Long, Node> nodes = new LinkedHashMap<>();
    private final Map<PathBytes, List<Produced>> writesByPath = new HashMap<>();

    private LineageGraph(SessionLineage lineage) {
        this.lineage = lineage;
    }

    public static LineageGraph of(SessionLineage lineage) {
        LineageGraph graph = new LineageGraph(lineage);
        graph.build();
        return graph;
    }

    public SessionLineage lineage() {
        return lineage;
    }

    private void build() {
        Map<String, List<Produced>> writesByArtifact = new HashMap<>();
        for (LineageJob job : lineage.jobs()) {
            latest.put(job.step(), job);
            for (JobFile out : lineage.loadedOutputsOf(job)) {
                Produced p = new Produced(job, out);
                writesByPath.computeIfAbsent(out.path(), k -> new ArrayList<>()).add(p);
                writesByArtifact.computeIfAbsent(out.artifactId(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<Long, SortedSet<StepRef>> dependencies = new HashMap<>();
        Map<Long, Integer> consumed = new HashMap<>();
        Set<StepRef> directlyStale = new HashSet<>();
        for (LineageJob job : lineage.jobs()) {
            SortedSet<StepRef> deps = new TreeSet<>();
            int count = 0;
            boolean stale = false;
            for (JobFile in : lineage.inputsOf(job)) {
                Optional<Produced> producer = producer(job, in, writesByArtifact);
                if (producer.isEmpty()) {
                    continue;
                }
                count++;
                StepRef step = producer.get().job().step();
                deps.add(step);
                if (!stale && latest.get(job.step()) == job) {
                    String now = outputAt(latest.get(step), producer.get().file().path());
                    stale = !in.artifactId().equals(now);
                }
            }
            dependencies.put(job.id(), deps);
            consumed.put(job.id(), count);
            if (stale) {
                directlyStale.add(job.step());
            }
        }
        Set<StepRef> stale = downstreamOf(directlyStale, dependencies);
        List<LineageJob> ordered = new ArrayList<>(lineage.jobs());
        ordered.sort(Comparator.comparing(LineageJob::step).thenComparingLong(LineageJob::id));
        for (LineageJob job : ordered) {
            JobState state = latest.get(job.step()) != job ? JobState.SUPERSEDED
                    : stale.contains(job.step()) ? JobState.STALE : JobState.ACTIVE;
            nodes.put(job.id(), new Node(job, state, Collections.unmodifiableSortedSet(dependencies.get(job.id())),
                    consumed.get(job.id()), lineage.inputsOf(job),
                    lineage.outputsComplete() ? lineage.outputsOf(job) : null, lineage.outputCount(job)));
        }
    }

    private Optional<Produced> producer(LineageJob consumer, JobFile input, Map<String, List<Produced>> byArtifact) {
        Produced samePath = null;
        Produced sameArtifact = null;
        for (Produced p : byArtifact.getOrDefault(input.artifactId(), List.of())) {
            if (p.job().id() >= consumer.id() || p.job().step().equals(consumer.step())) {
                continue;
            }
            if (p.file().path().equals(input.path())) {
                samePath = p;
            } else {
                sameArtifact = p;
            }
        }
        if (samePath != null) {
            return Optional.of(samePath);
        }
        if (sameArtifact != null) {
            return Optional.of(sameArtifact);
        }
        // Other bytes at a path a step wrote: the file was changed after that step made it.
        Produced pathOnly = null;
        for (Produced p : writesByPath.getOrDefault(input.path(), List.of())) {
            if (p.job().id() < consumer.id() && !p.job().step().equals(consumer.step())) {
                pathOnly = p;
            }
        }
        return Optional.ofNullable(pathOnly);
    }

    /** The artifact {@code job} wrote at {@code path}, or null. */
    private String outputAt(LineageJob job, PathBytes path) {
        for (JobFile f : lineage.loadedOutputsOf(job)) {
            if (f.path().equals(path)) {
                return f.artifactId();
            }
        }
        return null;
    }

    /** The steps in {@code seeds} and every active step depending on one of them, transitively (cycles are fine). */
    private Set<StepRef> downstreamOf(Set<StepRef> seeds, Map<Long, SortedSet<StepRef>> dependencies) {
        Map<StepRef, List<StepRef>> consumers = new HashMap<>();
        for (LineageJob job : latest.values()) {
            for (StepRef dep : dependencies.get(job.id())) {
                consumers.computeIfAbsent(dep, k -> new ArrayList<>()).add(job.step());
            }
        }
        Set<StepRef> out = new HashSet<>(seeds);
        Deque<StepRef> work = new ArrayDeque<>(seeds);
        while (!work.isEmpty()) {
            for (StepRef next : consumers.getOrDefault(work.pop(), List.of())) {
                if (out.add(next)) {
                    work.push(next);
                }
            }
        }
        return out;
    }

    /** Every job, in step order (runs, then builds), earlier runs of a step before later ones. */
    public List<Node> allNodes() {
        return List.copyOf(nodes.values());
    }

    /** The latest run of each step, in step order. */
    public List<Node> activeNodes() {
        return nodes.values().stream().filter(n -> n.state() != JobState.SUPERSEDED).toList();
    }

    /** How many steps of a kind the session has (each counted once, whatever its runs). */
    public long stepCount(dev.roar.core.run.JobType type) {
        return latest.keySet().stream().filter(s -> s.type() == type).count();
    }

    public Optional<Node> active(StepRef step) {
        LineageJob job = latest.get(step);
        return job == null ? Optional.empty() : Optional.of(nodes.get(job.id()));
    }

    public Optional<Node> node(long jobId) {
        return Optional.ofNullable(nodes.get(jobId));
    }

    public Set<StepRef> steps() {
        return Collections.unmodifiableSet(latest.keySet());
    }

    /**
     * The outputs of active jobs (or of every job when {@code expanded}), each path/content pair once,
     * attributed to the newest job that wrote it.
     */
    public List<ArtifactNode> artifacts(boolean expanded) {
        if (!lineage.outputsComplete()) {
            throw new IllegalStateException("this graph was built from a dependencies-only load; load the session in full for its artifacts");
        }
        Map<String, SortedSet<StepRef>> consumers = new HashMap<>();
        for (LineageJob job : latest.values()) {
            for (JobFile in : lineage.inputsOf(job)) {
                consumers.computeIfAbsent(in.artifactId(), k -> new TreeSet<>()).add(job.step());
            }
        }
        Map<ArtifactAt, ArtifactNode> out = new LinkedHashMap<>();
        List<Node> scope = new ArrayList<>(expanded ? allNodes() : activeNodes());
        scope.sort(Comparator.comparingLong((Node n) -> n.job().id()).reversed());
        for (Node node : scope) {
            for (JobFile file : node.outputs()) {
                out.computeIfAbsent(new ArtifactAt(file.artifactId(), file.path()), key -> artifact(node, file, consumers));
            }
        }
        List<ArtifactNode> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing((ArtifactNode a) -> a.producer().step()).thenComparing(a -> a.file().path()));
        return list;
    }

    /** An artifact at a path: the same bytes at two paths are two entries of the DAG's artifact list. */
    private record ArtifactAt(String artifactId, PathBytes path) {
    }

    /**
     * The entry of an output of {@code node}, in a method of its own: HotSpot compiles a method after a few
     * hundred calls, a loop body only after tens of thousands of iterations (50k outputs ran interpreted).
     */
    private ArtifactNode artifact(Node node, JobFile file, Map<String, SortedSet<StepRef>> consumers) {
        Produced newest = writesByPath.get(file.path()).getLast();
        SortedSet<StepRef> readers = new TreeSet<>(consumers.getOrDefault(file.artifactId(), Collections.emptySortedSet()));
        readers.remove(node.step());
        JobState state;
        String supersededBy = null;
        if (!newest.file().artifactId().equals(file.artifactId())) {
            state = JobState.SUPERSEDED;
            supersededBy = newest.file().artifactId();
        } else {
            // Still the newest bytes at its path: it stands as its producer does.
            state = node.state();
        }
        return new ArtifactNode(file, node.job(), state, supersededBy, Collections.unmodifiableSortedSet(readers));
    }
}
