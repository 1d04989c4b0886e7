package dev.roar.core.lineage;

import dev.roar.core.RoarException;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;
import dev.roar.trace.classify.PathBytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what users type into what the store holds: {@code @N}/{@code @BN} (a step of the active
 * session, its latest run), a job uid or uid prefix, an artifact by path or by digest prefix, and a
 * session as {@code current}/{@code session:current} or {@code session:<hash prefix>}. A reference that
 * names nothing, or more than one thing, is an error that says what does exist.
 */
public final class ReferenceResolver {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");
    private static final int SHOWN = 5;
    private final LineageReader reader;
    private final Path workingDirectory;
    private LineageGraph activeGraph;
    private LineageGraph activeDependencies;

    public ReferenceResolver(LineageReader reader, Path workingDirectory) {
        this.reader = reader;
        this.workingDirectory = workingDirectory;
    }

    public Target resolve(String ref) {
        if (ref.equals("current") || ref.startsWith("session:")) {
            return new Target.SessionTarget(session(ref));
        }
        if (StepRef.looksLikeStep(ref)) {
            return new Target.JobTarget(step(ref));
        }
        Optional<ArtifactRecord> byPath = artifactByPath(ref);
        if (byPath.isPresent()) {
            return new Target.ArtifactTarget(byPath.get());
        }
        if (!HEX.matcher(ref).matches()) {
            Path file = workingDirectory.resolve(ref);
            if (Files.exists(file)) {
                throw new RoarException(ref + " is not a recorded artifact: no job read or wrote it.",
                        "Run 'roar status' to see the session's artifacts.");
            }
            throw new RoarException("No job, artifact or file matches '" + ref + "'.",
                    "Use @N, @BN, a job uid, a file path or a hash prefix (see 'roar log' and 'roar status').");
        }
        String hex = ref.toLowerCase(java.util.Locale.ROOT);
        List<LineageJob> jobs = reader.jobsByUidPrefix(hex, SHOWN + 1);
        List<String> artifacts = reader.artifactsByDigestPrefix(hex, SHOWN + 1);
        int matches = jobs.size() + artifacts.size();
        if (matches == 0) {
            throw new RoarException("No job or artifact matches '" + ref + "'.",
                    "Job uids are listed by 'roar log', artifact hashes by 'roar status'.");
        }
        if (matches > 1) {
            List<String> candidates = new ArrayList<>();
            jobs.stream().limit(SHOWN).forEach(j -> candidates.add("  job " + j.uid() + "  " + j.command()));
            artifacts.stream().limit(SHOWN).forEach(id -> reader.artifact(id).ifPresent(a ->
                    candidates.add("  artifact " + a.blake3() + "  " + a.path().display())));
            throw new RoarException("'" + ref + "' is ambiguous: it matches " + (matches > SHOWN ? "more than " + SHOWN : matches)
                    + " jobs or artifacts.", "Type more characters of the one you mean:", candidates);
        }
        if (!jobs.isEmpty()) {
            return new Target.JobTarget(jobs.getFirst());
        }
        return new Target.ArtifactTarget(reader.artifact(artifacts.getFirst()).orElseThrow());
    }

    public LineageJob job(String ref) {
        if (resolve(ref) instanceof Target.JobTarget(LineageJob job)) {
            return job;
        }
        throw new RoarException("'" + ref + "' names an artifact or session, not a job.", "Use @N, @BN or a job uid.");
    }

    public ArtifactRecord artifact(String ref) {
        if (resolve(ref) instanceof Target.ArtifactTarget(ArtifactRecord artifact)) {
            return artifact;
        }
        throw new RoarException("'" + ref + "' names a job or session, not an artifact.", "Use a file path or a hash prefix.");
    }

    public Session session(String ref) {
        String key = ref.startsWith("session:") ? ref.substring("session:".length()) : ref;
        if (key.equals("current")) {
            return reader.activeSession().orElseThrow(ReferenceResolver::noSession);
        }
        if (key.length() < 8 || !HEX.matcher(key).matches()) {
            throw new RoarException("'" + ref + "' is not a session reference.",
                    "Use session:current or session:<at least 8 characters of its hash> (see 'roar status').");
        }
        List<Session> found = reader.sessions().stream().filter(s -> s.hash() != null && s.hash().startsWith(key)).toList();
        if (found.size() == 1) {
            return found.getFirst();
        }
        if (found.isEmpty()) {
            throw new RoarException("No session's hash starts with " + key + ".", "The active session's hash is shown by 'roar status'.");
        }
        throw new RoarException("'" + key + "' matches " + found.size() + " sessions.", "Type more of the hash.");
    }

    /** The latest run of step {@code @N}/{@code @BN} in the active session. */
    public LineageJob step(String ref) {
        StepRef step = StepRef.parse(ref).orElseThrow(() -> new RoarException("'" + ref + "' is not a step reference.",
                "Steps are written @N (runs) or @BN (builds), e.g. @2 or @B1."));
        LineageGraph graph = activeGraph != null ? activeGraph : activeDependencyGraph();
        return graph.active(step).map(LineageGraph.Node::job).orElseThrow(() -> new RoarException(
                "No step " + step + " in the active session; it has " + describe(graph) + ".",
                "See 'roar dag' for the session's steps."));
    }

    /**
     * The active session's DAG from a dependencies-only load (loaded once): its steps, states and dependencies,
     * as the full one has them, but not every output (see {@link LineageReader#loadDependencies}). Resolving
     * and describing steps needs no more: `roar show @N` on a 50k-artifact session read every output before.
     */
    public LineageGraph activeDependencyGraph() {
        if (activeDependencies == null) {
            Session session = reader.activeSession().orElseThrow(ReferenceResolver::noSession);
            activeDependencies = LineageGraph.of(reader.loadDependencies(session));
        }
        return activeDependencies;
    }

    /** The DAG of the active session with every output (loaded once). */
    public LineageGraph activeGraph() {
        if (activeGraph == null) {
            Session session = reader.activeSession().orElseThrow(ReferenceResolver::noSession);
            activeGraph = LineageGraph.of(reader.load(session));
        }
        return activeGraph;
    }

    public static RoarException noSession() {
        return new RoarException("No active session.", "Run 'roar run' to create a session first.");
    }

    private static String describe(LineageGraph graph) {
        List<StepRef> runs = graph.steps().stream().filter(s -> s.type() == JobType.RUN).sorted().toList();
        List<StepRef> builds = graph.steps().stream().filter(s -> s.type() == JobType.BUILD).sorted().toList();
        if (runs.isEmpty() && builds.isEmpty()) {
            return "no steps yet";
        }
        List<String> parts = new ArrayList<>();
        if (!runs.isEmpty()) {
            parts.add(range(runs));
        }
        if (!builds.isEmpty()) {
            parts.add(range(builds));
        }
        return String.join(" and ", parts);
    }

    private static String range(List<StepRef> steps) {
        if (steps.size() == 1) {
            return steps.getFirst().toString();
        }
        boolean contiguous = steps.getLast().number() - steps.getFirst().number() == steps.size() - 1;
        return contiguous ? steps.getFirst() + "-" + steps.getLast()
                : steps.stream().map(StepRef::toString).collect(Collectors.joining(", "));
    }

    /** The artifact at a path as typed (relative to the working directory, escapes as roar prints them). */
    private Optional<ArtifactRecord> artifactByPath(String ref) {
        PathBytes typed = PathBytes.fromDisplay(ref);
        PathBytes absolute = typed.isAbsolute() ? PathBytes.root().resolve(typed.toByteArray())
                : PathBytes.of(workingDirectory.toString()).resolve(typed.toByteArray());
        return reader.artifactAtPath(absolute).flatMap(reader::artifact).map(a -> a.at(absolute));
    }
}
