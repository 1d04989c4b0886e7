package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.hash.HashCache;
import dev.roar.core.json.Json;
import dev.roar.core.lineage.ArtifactPresence;
import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.JobState;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.SessionLineage;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** `roar status`: the session's hash, step counts, and whether its artifacts are still on disk as recorded. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the active session: DAG hash, steps, and which tracked artifacts are present, modified or missing.",
        footer = {"", "Tracked artifacts are the inputs and outputs of each step's latest run. A file is present when it",
                "still holds the recorded bytes (checked through the hash cache, so unchanged files are not read)."})
public final class StatusCommand implements Callable<Integer> {
    private static final int SHOWN = 10;
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--all", description = "List every tracked artifact, not the first " + SHOWN + " of each kind.")
    boolean all;

    @Option(names = "--no-color", description = "No colors even on a terminal.")
    boolean noColor;

    public StatusCommand(CliContext context) {
        this.context = context;
    }

    /** The last file of each run of equal paths in {@code sorted}. */
    private static List<JobFile> newestOfEachPath(List<JobFile> sorted) {
        List<JobFile> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            addIfLastOfItsPath(sorted, i, out);
        }
        return out;
    }

    /**
     * One step of {@link #newestOfEachPath}, in a method of its own: HotSpot's quick compiler takes a method after
     * a few hundred calls but a loop only after tens of thousands of turns, so a 50k-file loop ran interpreted.
     */
    private static void addIfLastOfItsPath(List<JobFile> sorted, int i, List<JobFile> out) {
        if (i + 1 == sorted.size() || !sorted.get(i + 1).path().equals(sorted.get(i).path())) {
            out.add(sorted.get(i));
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            Optional<Session> found = ws.activeSessionOrSay(out);
            if (found.isEmpty()) {
                return 0;
            }
            Session session = found.get();
            // States from the light dependencies-only graph; the files of the active runs only, so neither the
            // graph nor the check goes over every output the session ever recorded.
            LineageGraph graph = ws.dependencyGraph(session);
            List<LineageGraph.Node> active = graph.activeNodes();
            // Sized from the graph's counts, so the checker's preparation overlaps reading the files.
            ArtifactPresence presence = ArtifactPresence.prepareFor(new HashCache(ws.store),
                    active.stream().mapToLong(n -> n.inputs().size() + n.outputCount()).sum());
            SessionLineage recorded = ws.reader.loadJobs(session, active.stream().map(LineageGraph.Node::job).toList());
            long runs = graph.stepCount(JobType.RUN);
            long builds = graph.stepCount(JobType.BUILD);
            List<String> stale = active.stream().filter(n -> n.state() == JobState.STALE).map(n -> n.step().toString()).toList();
            // Each path once, as its newest recorded content: an output of a later step wins over an earlier read.
            // A stable sort keeps the files of one path in that order, so the last of each run of a path is it.
            List<JobFile> recordedFiles = new ArrayList<>();
            active.stream().sorted(java.util.Comparator.comparingLong(n -> n.job().id())).forEach(n -> {
                recordedFiles.addAll(recorded.inputsOf(n.job()));
                recordedFiles.addAll(recorded.outputsOf(n.job()));
            });
            recordedFiles.sort(JobFile.BY_PATH);
            List<JobFile> byPath = newestOfEachPath(recordedFiles);
            List<ArtifactPresence.State> states = presence.statesOf(byPath);
            Map<ArtifactPresence.State, List<JobFile>> byState = new java.util.EnumMap<>(ArtifactPresence.State.class);
            for (ArtifactPresence.State s : ArtifactPresence.State.values()) {
                byState.put(s, new ArrayList<>());
            }
            byState.forEach((state, files) -> files.addAll(IntStream.range(0, byPath.size())
                    .filter(i -> states.get(i) == state).mapToObj(byPath::get).toList()));
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("session_id", session.id());
                doc.put("dag_hash", session.hash());
                doc.put("run_steps", runs);
                doc.put("build_steps", builds);
                doc.put("stale_steps", stale);
                doc.put("jobs", graph.allNodes().size());
                Map<String, Object> artifacts = new LinkedHashMap<>();
                byState.forEach((s, files) -> artifacts.put(s.name().toLowerCase(java.util.Locale.ROOT),
                        files.stream().map(f -> JsonFields.file(f, ws)).toList()));
                doc.put("artifacts", artifacts);
                out.println(Json.write(doc));
                return 0;
            }
            Style style = Style.detect(noColor, context);
            out.println("DAG hash:    " + session.hash());
            out.println("DAG:");
            out.println("  Build steps: " + builds);
            out.println("  Run steps:   " + runs);
            if (!stale.isEmpty()) {
                String listed = all || stale.size() <= SHOWN ? String.join(", ", stale)
                        : String.join(", ", stale.subList(0, SHOWN)) + ", … and " + (stale.size() - SHOWN) + " more";
                out.println("  Stale:       " + style.yellow(stale.size() + " (" + listed + ")")
                        + "  re-run them with roar run @N");
            }
            int shown = byState.values().stream().mapToInt(l -> all ? l.size() : Math.min(SHOWN, l.size())).sum();
            out.println("Tracked artifacts (" + shown + " of " + byPath.size() + " shown):");
            byState.forEach((s, files) -> {
                if (files.isEmpty()) {
                    return;
                }
                String title = switch (s) {
                    case PRESENT -> "Present";
                    case MODIFIED -> "Modified (different bytes than recorded)";
                    case MISSING -> "Missing";
                };
                out.println("  " + (s == ArtifactPresence.State.PRESENT ? style.green(title) : style.yellow(title)) + ":");
                int limit = all ? files.size() : Math.min(SHOWN, files.size());
                for (JobFile f : files.subList(0, limit)) {
                    out.printf("    %s  %9s  %s%n", Formats.hash12(f.blake3()), Formats.size(f.size()), ws.show(f.path()));
                }
                if (files.size() > limit) {
                    out.println("    … and " + (files.size() - limit) + " more (--all lists them)");
                }
            });
            out.println("Total: " + byState.get(ArtifactPresence.State.PRESENT).size() + " present, "
                    + byState.get(ArtifactPresence.State.MODIFIED).size() + " modified, "
                    + byState.get(ArtifactPresence.State.MISSING).size() + " missing");
            return 0;
        }
    }
}
