package dev.roar.core.lineage;

import dev.roar.core.store.Session;
import dev.roar.trace.classify.PathBytes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares two jobs, two artifacts or two sessions. Files are matched by the path users see
 * (repo-relative); for artifacts the two lineages are walked upstream together to the first
 * difference, the root cause: the most upstream job whose inputs agree but whose own command,
 * code or inputs do not, or a source file that no job made.
 */
public final class LineageDiff {
    public enum Kind { ADDED, REMOVED, CHANGED }

    public record FileChange(String path, Kind kind, String before, String after) {
    }

    public record JobDiff(LineageJob a, LineageJob b, List<ParameterChanges.Change> parameters,
                          List<FileChange> inputs, List<FileChange> outputs, int sameInputs, int sameOutputs) {
        public boolean gitChanged() {
            return !Objects.equals(a.gitCommit(), b.gitCommit());
        }

        public boolean commandChanged() {
            return !a.command().equals(b.command());
        }

        public boolean identical() {
            return !commandChanged() && inputs.isEmpty() && outputs.isEmpty() && !gitChanged();
        }
    }

    /** Where two lineages first differ. {@code path}: the file the walk followed to get there. */
    public sealed interface RootCause {
        /** Different bytes at a path no job in either lineage made: data or code from outside roar. */
        record Source(String path, String before, String after) implements RootCause {
        }

        /** Two jobs whose inputs agree (as far as the walk went) but which differ themselves. */
        record Job(JobDiff diff) implements RootCause {
        }

        /** One side was made by a job and the other was not. */
        record Unmatched(String path, LineageJob a, LineageJob b) implements RootCause {
        }
    }

    public record ArtifactDiff(ArtifactRecord a, ArtifactRecord b, Optional<LineageJob> producerA,
                               Optional<LineageJob> producerB, List<String> walked, Optional<RootCause> rootCause) {
        public boolean identical() {
            return a.id().equals(b.id());
        }
    }

    public record StepChange(StepRef step, LineageJob a, LineageJob b, JobDiff diff) {
    }

    public record SessionDiff(Session a, Session b, List<StepChange> steps) {
    }

    private final LineageReader reader;
    private final Function<PathBytes, String> show;
    /** A job's inputs and outputs, read once: the upstream walk meets the same jobs repeatedly. */
    private final Map<String, List<JobFile>> files = new java.util.HashMap<>();

    public LineageDiff(LineageReader reader, Function<PathBytes, String> show) {
        this.reader = reader;
        this.show = show;
    }

    public JobDiff jobs(LineageJob a, LineageJob b) {
        List<JobFile> inA = filesOf(a, false);
        List<JobFile> inB = filesOf(b, false);
        List<JobFile> outA = filesOf(a, true);
        List<JobFile> outB = filesOf(b, true);
        List<FileChange> inputs = files(inA, inB);
        List<FileChange> outputs = files(outA, outB);
        return new JobDiff(a, b, ParameterChanges.between(JobArgv.of(a), JobArgv.of(b)), inputs, outputs,
                common(inA, inB), common(outA, outB));
    }

    public ArtifactDiff artifacts(ArtifactRecord a, ArtifactRecord b, int depth) {
        Optional<LineageJob> pa = producer(a.id());
        Optional<LineageJob> pb = producer(b.id());
        List<String> walked = new ArrayList<>();
        Optional<RootCause> cause = a.id().equals(b.id()) ? Optional.empty()
                : cause(show.apply(a.path()), a.id(), a.blake3(), b.id(), b.blake3(), depth, walked, new HashSet<>());
        return new ArtifactDiff(a, b, pa, pb, walked, cause);
    }

    public SessionDiff sessions(Session a, Session b) {
        LineageGraph ga = LineageGraph.of(reader.load(a));
        LineageGraph gb = LineageGraph.of(reader.load(b));
        Set<StepRef> steps = new java.util.TreeSet<>(ga.steps());
        steps.addAll(gb.steps());
        List<StepChange> out = new ArrayList<>();
        for (StepRef step : steps) {
            LineageJob ja = ga.active(step).map(LineageGraph.Node::job).orElse(null);
            LineageJob jb = gb.active(step).map(LineageGraph.Node::job).orElse(null);
            JobDiff diff = ja != null && jb != null ? jobs(ja, jb) : null;
            if (diff == null || !diff.identical()) {
                out.add(new StepChange(step, ja, jb, diff));
            }
        }
        return new SessionDiff(a, b, out);
    }

    private Optional<RootCause> cause(String path, String idA, String hashA, String idB, String hashB, int depth,
                                      List<String> walked, Set<String> seen) {
        walked.add(path);
        Optional<LineageJob> pa = producer(idA);
        Optional<LineageJob> pb = producer(idB);
        if (pa.isEmpty() && pb.isEmpty()) {
            return Optional.of(new RootCause.Source(path, hashA, hashB));
        }
        if (pa.isEmpty() || pb.isEmpty()) {
            return Optional.of(new RootCause.Unmatched(path, pa.orElse(null), pb.orElse(null)));
        }
        JobDiff diff = jobs(pa.get(), pb.get());
        if (depth > 0 && seen.add(idA + "/" + idB)) {
            for (FileChange input : diff.inputs()) {
                if (input.kind() == Kind.CHANGED) {
                    String[] ids = inputIds(pa.get(), pb.get(), input.path());
                    if (ids != null) {
                        Optional<RootCause> upstream = cause(input.path(), ids[0], input.before(), ids[1], input.after(),
                                depth - 1, walked, seen);
                        if (upstream.isPresent()) {
                            return upstream;
                        }
                    }
                }
            }
        }
        return Optional.of(new RootCause.Job(diff));
    }

    private String[] inputIds(LineageJob a, LineageJob b, String path) {
        String x = null;
        String y = null;
        for (JobFile f : filesOf(a, false)) {
            if (show.apply(f.path()).equals(path)) {
                x = f.artifactId();
            }
        }
        for (JobFile f : filesOf(b, false)) {
            if (show.apply(f.path()).equals(path)) {
                y = f.artifactId();
            }
        }
        return x == null || y == null ? null : new String[]{x, y};
    }

    private List<JobFile> filesOf(LineageJob job, boolean outputs) {
        return files.computeIfAbsent(job.id() + (outputs ? "o" : "i"), k -> reader.files(job, outputs));
    }

    /** The newest job that wrote this artifact. */
    private Optional<LineageJob> producer(String artifactId) {
        return reader.jobsWith(artifactId, true).stream().findFirst().map(JobLink::job);
    }

    private List<FileChange> files(List<JobFile> a, List<JobFile> b) {
        Map<String, JobFile> byA = byPath(a);
        Map<String, JobFile> byB = byPath(b);
        List<FileChange> out = new ArrayList<>();
        Set<String> paths = new java.util.TreeSet<>(byA.keySet());
        paths.addAll(byB.keySet());
        for (String path : paths) {
            JobFile x = byA.get(path);
            JobFile y = byB.get(path);
            if (x == null) {
                out.add(new FileChange(path, Kind.ADDED, null, y.blake3()));
            } else if (y == null) {
                out.add(new FileChange(path, Kind.REMOVED, x.blake3(), null));
            } else if (!x.artifactId().equals(y.artifactId())) {
                out.add(new FileChange(path, Kind.CHANGED, x.blake3(), y.blake3()));
            }
        }
        return out;
    }

    private int common(List<JobFile> a, List<JobFile> b) {
        Map<String, JobFile> byB = byPath(b);
        int n = 0;
        for (Map.Entry<String, JobFile> e : byPath(a).entrySet()) {
            JobFile y = byB.get(e.getKey());
            if (y != null && y.artifactId().equals(e.getValue().artifactId())) {
                n++;
            }
        }
        return n;
    }

    private Map<String, JobFile> byPath(List<JobFile> files) {
        Map<String, JobFile> out = new TreeMap<>();
        for (JobFile f : files) {
            out.put(show.apply(f.path()), f);
        }
        return out;
    }
}
