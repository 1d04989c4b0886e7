package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.json.Json;
import dev.roar.core.label.LabelDocuments;
import dev.roar.core.label.LabelEntity;
import dev.roar.core.label.LabelVersion;
import dev.roar.core.lineage.JobState;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.StepRef;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** `roar dag`: the session's steps as a tree of who consumed whose outputs, with staleness. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Show the session's pipeline: steps, what each consumed from which, and what is stale.",
        footer = {"", "Each line: step, command, in:<inputs> out:<outputs> cons:<inputs made by other steps>.",
                "A step is stale (*) when an input it used is no longer what its producer step's latest run made,",
                "or when a step upstream of it is stale: re-run it (roar run @N) to bring it up to date."})
public final class DagCommand implements Callable<Integer> {
    private static final int COMMAND_WIDTH = 60;
    private static final int MAX_NESTING = 12;
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--expanded", description = "Show every run of each step; earlier runs are marked superseded.")
    boolean expanded;

    @Option(names = "--json", description = "Machine-readable output (schema in the README).")
    boolean json;

    @Option(names = "--no-color", description = "No colors even on a terminal.")
    boolean noColor;

    @Option(names = "--show-artifacts", description = "List each step's outputs under it.")
    boolean showArtifacts;

    @Option(names = "--stale-only", description = "Only the stale steps.")
    boolean staleOnly;

    public DagCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            if (json) {
                LineageGraph graph = ws.activeGraph();
                out.println(Json.write(json(ws, graph, graph.lineage().session())));
                return 0;
            }
            Optional<Session> session = ws.activeSessionOrSay(out);
            if (session.isEmpty()) {
                return 0;
            }
            // Listing artifacts needs every output; the steps alone need only the outputs something consumed.
            LineageGraph graph = showArtifacts ? ws.activeGraph() : ws.dependencyGraph(session.get());
            new DagText(ws, graph, Style.detect(noColor, context), out, expanded, showArtifacts, staleOnly).print();
            return 0;
        }
    }

    private Map<String, Object> json(Workspace ws, LineageGraph graph, Session session) {
        Map<Long, Map<String, Object>> jobLabels = ws.labels.currentForJobs(session.id());
        Map<String, Map<String, Object>> artifactLabels = ws.labels.currentForArtifacts();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (LineageGraph.Node node : expanded ? graph.allNodes() : graph.activeNodes()) {
            if (staleOnly && node.state() != JobState.STALE) {
                continue;
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("step_number", node.job().stepNumber());
            n.put("step", node.step().toString());
            n.put("job_type", node.job().type().id());
            n.put("job_uid", node.job().uid());
            n.put("command", node.job().command());
            n.put("state", node.state().id());
            n.put("metrics", Json.object("inputs", node.inputs().size(), "outputs", node.outputCount(), "consumed", node.consumed()));
            n.put("dependencies", node.dependencies().stream().filter(s -> s.type() == JobType.RUN).map(StepRef::number).toList());
            n.put("step_name", node.job().stepName());
            n.put("exit_code", node.job().exitCode());
            n.put("labels", LabelDocuments.flatten(jobLabels.getOrDefault(node.job().id(), Map.of()), false));
            nodes.add(n);
        }
        List<Map<String, Object>> artifacts = new ArrayList<>();
        int stale = 0;
        int superseded = 0;
        for (LineageGraph.ArtifactNode a : graph.artifacts(expanded)) {
            if (staleOnly && a.state() != JobState.STALE) {
                continue;
            }
            artifacts.add(artifactJson(ws, a, artifactLabels));
            stale += a.state() == JobState.STALE ? 1 : 0;
            superseded += a.state() == JobState.SUPERSEDED ? 1 : 0;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes);
        doc.put("artifacts", artifacts);
        doc.put("total_steps", graph.stepCount(JobType.RUN));
        doc.put("build_steps", graph.stepCount(JobType.BUILD));
        doc.put("stale_count", graph.activeNodes().stream().filter(n -> n.state() == JobState.STALE).count());
        doc.put("stale_artifact_count", stale);
        doc.put("superseded_artifact_count", superseded);
        doc.put("session_id", session.id());
        doc.put("session_hash", session.hash());
        doc.put("is_expanded", expanded);
        doc.put("labels", LabelDocuments.flatten(ws.labels.current(new LabelEntity.Dag(session.id(), "current"))
                .map(LabelVersion::labels).orElse(Map.of()), false));
        return doc;
    }

    /**
     * One artifact's object, in a method of its own: HotSpot compiles a method after a few hundred calls but a
     * loop body only after tens of thousands of iterations, so inline in the loop 50k artifacts were built by
     * the interpreter (JFR: the loop's own bytecode was the top frame).
     */
    private static Map<String, Object> artifactJson(Workspace ws, LineageGraph.ArtifactNode a, Map<String, Map<String, Object>> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonFields.path(m, "path", a.file().path(), ws);
        m.put("state", a.state().id());
        m.put("artifact_id", a.file().artifactId());
        m.put("hash", a.file().blake3());
        m.put("size", a.file().size());
        m.put("producer_step", a.producer().stepNumber());
        m.put("consumer_steps", a.consumers().stream().map(StepRef::number).toList());
        m.put("is_terminal", a.terminal());
        m.put("superseded_by", a.supersededBy());
        m.put("labels", LabelDocuments.flatten(labels.getOrDefault(a.file().artifactId(), Map.of()), false));
        return m;
    }

    /** The text tree. Nodes with several producers print in full once and as a reference elsewhere. */
    private static final class DagText {
        private final Workspace ws;
        private final LineageGraph graph;
        private final Style style;
        private final PrintWriter out;
        private final boolean expanded;
        private final boolean artifacts;
        private final boolean staleOnly;
        private final Set<StepRef> printed = new HashSet<>();
        private final Map<StepRef, List<LineageGraph.ArtifactNode>> outputs = new LinkedHashMap<>();
        /** Steps whose downstream went past the nesting limit; their subtrees print afterwards, from the margin. */
        private final Deque<LineageGraph.Node> continued = new ArrayDeque<>();

        DagText(Workspace ws, LineageGraph graph, Style style, PrintWriter out, boolean expanded, boolean artifacts, boolean staleOnly) {
            this.ws = ws;
            this.graph = graph;
            this.style = style;
            this.out = out;
            this.expanded = expanded;
            this.artifacts = artifacts;
            this.staleOnly = staleOnly;
        }

        void print() {
            List<LineageGraph.Node> active = graph.activeNodes().stream()
                    .filter(n -> !staleOnly || n.state() == JobState.STALE).toList();
            long runs = active.stream().filter(n -> n.job().type() == JobType.RUN).count();
            long builds = active.size() - runs;
            if (active.isEmpty()) {
                out.println(staleOnly ? "No stale steps." : "No steps in pipeline.");
                return;
            }
            out.println(style.bold("Pipeline: " + runs + " step" + (runs == 1 ? "" : "s")
                    + (builds > 0 ? " + " + builds + " build step" + (builds == 1 ? "" : "s") : "")));
            out.println();
            if (artifacts) {
                for (LineageGraph.ArtifactNode a : graph.artifacts(expanded)) {
                    outputs.computeIfAbsent(a.producer().step(), k -> new ArrayList<>()).add(a);
                }
            }
            Set<StepRef> shown = new HashSet<>();
            active.forEach(n -> shown.add(n.step()));
            Map<StepRef, List<LineageGraph.Node>> children = new LinkedHashMap<>();
            for (LineageGraph.Node n : active) {
                for (StepRef dep : n.dependencies()) {
                    if (shown.contains(dep)) {
                        children.computeIfAbsent(dep, k -> new ArrayList<>()).add(n);
                    }
                }
            }
            for (LineageGraph.Node n : active) {
                boolean root = n.dependencies().stream().noneMatch(shown::contains);
                if (root && n.job().type() == JobType.RUN) {
                    node(n, "", "", children, 0);
                }
            }
            printContinued(children);
            // Steps only reachable through a cycle of re-used paths would be missed as roots.
            for (LineageGraph.Node n : active) {
                if (!printed.contains(n.step()) && n.job().type() == JobType.RUN) {
                    node(n, "", "", children, 0);
                    printContinued(children);
                }
            }
            for (LineageGraph.Node n : active) {
                if (n.job().type() == JobType.BUILD) {
                    node(n, "", "", Map.of(), 0);
                }
            }
            out.println();
            out.println(style.dim("Legend: * = stale, B = build step" + (expanded ? ", [superseded] = replaced by a later run" : "")));
        }

        private void printContinued(Map<StepRef, List<LineageGraph.Node>> children) {
            while (!continued.isEmpty()) {
                LineageGraph.Node from = continued.poll();
                out.println();
                out.println(style.dim("Continued from " + from.step() + ":"));
                List<LineageGraph.Node> kids = children.getOrDefault(from.step(), List.of());
                for (int i = 0; i < kids.size(); i++) {
                    boolean last = i == kids.size() - 1;
                    node(kids.get(i), last ? "└──> " : "├──> ", last ? "     " : "│    ", children, 1);
                }
            }
        }

        private void node(LineageGraph.Node n, String lead, String childIndent, Map<StepRef, List<LineageGraph.Node>> children,
                          int depth) {
            if (!printed.add(n.step())) {
                out.println(lead + style.cyan(n.step().toString()) + " " + style.dim("(shown above)"));
                return;
            }
            out.println(lead + line(n));
            if (expanded) {
                List<LineageGraph.Node> earlier = graph.allNodes().stream()
                        .filter(o -> o.step().equals(n.step()) && o.state() == JobState.SUPERSEDED).toList();
                for (LineageGraph.Node o : earlier) {
                    out.println(childIndent + "  " + style.dim(line(o) + " [superseded]"));
                }
            }
            List<LineageGraph.Node> kids = children.getOrDefault(n.step(), List.of());
            List<LineageGraph.ArtifactNode> files = artifacts ? outputs.getOrDefault(n.step(), List.of()) : List.of();
            // A long chain would otherwise indent each step further, thousands of columns deep.
            boolean cut = depth >= MAX_NESTING && kids.stream().anyMatch(k -> !printed.contains(k.step()));
            int total = (cut ? 1 : kids.size()) + files.size();
            int i = 0;
            for (LineageGraph.ArtifactNode a : files) {
                boolean last = ++i == total;
                String state = a.state() == JobState.ACTIVE ? (a.terminal() ? "" : " (intermediate)") : " [" + a.state().id() + "]";
                String text = ws.show(a.file().path()) + " (file)" + state;
                out.println(childIndent + (last ? "└──> " : "├──> ") + (a.state() == JobState.ACTIVE ? text : style.yellow(text)));
            }
            if (cut) {
                out.println(childIndent + "└──> " + style.dim("continued below, from " + n.step()));
                continued.add(n);
                return;
            }
            for (LineageGraph.Node kid : kids) {
                boolean last = ++i == total;
                node(kid, childIndent + (last ? "└──> " : "├──> "), childIndent + (last ? "     " : "│    "), children, depth + 1);
            }
        }

        private String line(LineageGraph.Node n) {
            String metrics = "in:" + n.inputs().size() + " out:" + n.outputCount() + " cons:" + n.consumed();
            String text = style.cyan(n.step().toString()) + " " + Formats.truncate(n.job().command(), COMMAND_WIDTH)
                    + "  " + style.dim(metrics);
            if (n.job().exitCode() != 0) {
                text += " " + style.red("FAIL(" + n.job().exitCode() + ")");
            }
            return n.state() == JobState.STALE ? text + " " + style.yellow("*") : text;
        }
    }
}
