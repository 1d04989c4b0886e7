package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.json.Json;
import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.LineageDiff;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.ParameterChanges;
import dev.roar.core.lineage.Target;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/** `roar diff A B`: what differs between two jobs, two artifacts (and why) or two sessions. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two jobs, two artifacts or two sessions; for artifacts, find the first upstream difference.",
        footer = {"", "  roar diff @2 @4                  parameters, inputs and outputs of two jobs",
                "  roar diff model-a.pkl model-b.pkl  walks both lineages upstream to the root cause",
                "  roar diff session:current session:1a2b3c4d   step by step"})
public final class DiffCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF_A")
    String refA;

    @Parameters(index = "1", paramLabel = "REF_B")
    String refB;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--depth", paramLabel = "N", description = "How many steps upstream to walk for artifacts (default: ${DEFAULT-VALUE}).")
    int depth = 10;

    public DiffCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            Target a = ws.resolver.resolve(refA);
            Target b = ws.resolver.resolve(refB);
            LineageDiff diff = new LineageDiff(ws.reader, ws::show);
            Map<String, Object> doc;
            List<String> text = new ArrayList<>();
            if (a instanceof Target.JobTarget(LineageJob ja) && b instanceof Target.JobTarget(LineageJob jb)) {
                LineageDiff.JobDiff d = diff.jobs(ja, jb);
                doc = jobJson(d);
                jobText(d, text, "");
            } else if (a instanceof Target.ArtifactTarget(ArtifactRecord xa) && b instanceof Target.ArtifactTarget(ArtifactRecord xb)) {
                LineageDiff.ArtifactDiff d = diff.artifacts(xa, xb, depth);
                doc = artifactJson(ws, d);
                artifactText(ws, d, text);
            } else if (a instanceof Target.SessionTarget(Session sa) && b instanceof Target.SessionTarget(Session sb)) {
                LineageDiff.SessionDiff d = diff.sessions(sa, sb);
                doc = sessionJson(d);
                sessionText(d, text);
            } else {
                throw new RoarException("'" + refA + "' and '" + refB + "' are different kinds of things.",
                        "Compare two jobs, two artifacts or two sessions.");
            }
            if (json) {
                out.println(Json.write(doc));
            } else {
                text.forEach(out::println);
            }
            return 0;
        }
    }

    private static Map<String, Object> jobJson(LineageDiff.JobDiff d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "job");
        doc.put("a", JsonFields.job(d.a()));
        doc.put("b", JsonFields.job(d.b()));
        doc.put("identical", d.identical());
        doc.put("command_changed", d.commandChanged());
        doc.put("parameters", d.parameters().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("a", p.before());
            m.put("b", p.after());
            return m;
        }).toList());
        doc.put("inputs", files(d.inputs()));
        doc.put("outputs", files(d.outputs()));
        doc.put("same_inputs", d.sameInputs());
        doc.put("same_outputs", d.sameOutputs());
        doc.put("git_changed", d.gitChanged());
        return doc;
    }

    private static List<Map<String, Object>> files(List<LineageDiff.FileChange> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            JsonFields.shownPath(m, "path", c.path());
            m.put("change", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("a", c.before());
            m.put("b", c.after());
            return m;
        }).toList();
    }

    private static void jobText(LineageDiff.JobDiff d, List<String> out, String indent) {
        out.add(indent + "Comparing job " + d.a().uid() + " (" + d.a().step() + ") with job " + d.b().uid() + " (" + d.b().step() + ")");
        if (d.identical()) {
            out.add(indent + "  identical: same command, code, inputs and outputs");
            return;
        }
        if (d.commandChanged()) {
            out.add(indent + "  command:");
            out.add(indent + "    - " + d.a().command());
            out.add(indent + "    + " + d.b().command());
            for (ParameterChanges.Change p : d.parameters()) {
                out.add(indent + "    " + p.name() + ": " + (p.before() == null ? "(absent)" : p.before()) + " -> "
                        + (p.after() == null ? "(absent)" : p.after()));
            }
        } else {
            out.add(indent + "  command: same");
        }
        fileText("inputs", d.inputs(), d.sameInputs(), out, indent);
        fileText("outputs", d.outputs(), d.sameOutputs(), out, indent);
        out.add(indent + "  git: " + (d.gitChanged() ? Formats.hash12(d.a().gitCommit()) + " -> " + Formats.hash12(d.b().gitCommit())
                : "same commit " + Formats.hash12(d.a().gitCommit())));
        if (d.a().exitCode() != d.b().exitCode()) {
            out.add(indent + "  exit code: " + d.a().exitCode() + " -> " + d.b().exitCode());
        }
    }

    private static void fileText(String title, List<LineageDiff.FileChange> changes, int same, List<String> out, String indent) {
        if (changes.isEmpty()) {
            out.add(indent + "  " + title + ": same (" + same + ")");
            return;
        }
        out.add(indent + "  " + title + ": " + changes.size() + " differ, " + same + " same");
        for (LineageDiff.FileChange c : changes) {
            out.add(indent + "    " + switch (c.kind()) {
                case ADDED -> "+ " + c.path() + "  (only in B, " + Formats.hash12(c.after()) + ")";
                case REMOVED -> "- " + c.path() + "  (only in A, " + Formats.hash12(c.before()) + ")";
                case CHANGED -> "~ " + c.path() + "  " + Formats.hash12(c.before()) + " -> " + Formats.hash12(c.after());
            });
        }
    }

    private static Map<String, Object> artifactJson(Workspace ws, LineageDiff.ArtifactDiff d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "artifact");
        for (String side : List.of("a", "b")) {
            ArtifactRecord r = side.equals("a") ? d.a() : d.b();
            Map<String, Object> m = new LinkedHashMap<>();
            JsonFields.path(m, "path", r.path(), ws);
            m.put("hash", r.blake3());
            m.put("size", r.size());
            (side.equals("a") ? d.producerA() : d.producerB()).ifPresent(j -> m.put("producer", JsonFields.job(j)));
            doc.put(side, m);
        }
        doc.put("identical", d.identical());
        doc.put("walked", d.walked());
        doc.put("root_cause", d.rootCause().map(c -> switch (c) {
            case LineageDiff.RootCause.Source s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "source");
                JsonFields.shownPath(m, "path", s.path());
                m.put("a", s.before());
                m.put("b", s.after());
                yield m;
            }
            case LineageDiff.RootCause.Job j -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "job");
                m.put("diff", jobJson(j.diff()));
                yield m;
            }
            case LineageDiff.RootCause.Unmatched u -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "unmatched");
                JsonFields.shownPath(m, "path", u.path());
                m.put("a", u.a() == null ? null : JsonFields.job(u.a()));
                m.put("b", u.b() == null ? null : JsonFields.job(u.b()));
                yield m;
            }
        }).orElse(null));
        return doc;
    }

    private static void artifactText(Workspace ws, LineageDiff.ArtifactDiff d, List<String> out) {
        out.add("A: " + ws.show(d.a().path()) + "  " + Formats.hash12(d.a().blake3()) + d.producerA().map(j -> "  made by " + j.step() + " (job " + j.uid() + ")").orElse("  (source file)"));
        out.add("B: " + ws.show(d.b().path()) + "  " + Formats.hash12(d.b().blake3()) + d.producerB().map(j -> "  made by " + j.step() + " (job " + j.uid() + ")").orElse("  (source file)"));
        if (d.identical()) {
            out.add("Identical: the same bytes.");
            return;
        }
        out.add("Walked upstream: " + String.join(" <- ", d.walked()));
        switch (d.rootCause().orElseThrow()) {
            case LineageDiff.RootCause.Source s -> out.add("Root cause: " + s.path() + " differs (" + Formats.hash12(s.before())
                    + " vs " + Formats.hash12(s.after()) + ") and no job made it: it changed outside roar (data or code).");
            case LineageDiff.RootCause.Unmatched u -> out.add("Root cause: " + u.path() + " was made by a job on one side only ("
                    + (u.a() == null ? "A is a source file" : "B is a source file") + ").");
            case LineageDiff.RootCause.Job j -> {
                out.add("Root cause: the jobs that made " + d.walked().getLast() + " differ:");
                jobText(j.diff(), out, "  ");
            }
        }
    }

    private static Map<String, Object> sessionJson(LineageDiff.SessionDiff d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "session");
        doc.put("a", d.a().hash());
        doc.put("b", d.b().hash());
        doc.put("identical", d.steps().isEmpty());
        doc.put("steps", d.steps().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.step().toString());
            m.put("a", s.a() == null ? null : JsonFields.job(s.a()));
            m.put("b", s.b() == null ? null : JsonFields.job(s.b()));
            m.put("diff", s.diff() == null ? null : jobJson(s.diff()));
            return m;
        }).toList());
        return doc;
    }

    private static void sessionText(LineageDiff.SessionDiff d, List<String> out) {
        out.add("Comparing session " + d.a().hash().substring(0, 12) + " with " + d.b().hash().substring(0, 12));
        if (d.steps().isEmpty()) {
            out.add("  identical: every step ran the same command on the same inputs with the same outputs");
            return;
        }
        for (LineageDiff.StepChange s : d.steps()) {
            if (s.a() == null || s.b() == null) {
                LineageJob only = Objects.requireNonNullElse(s.a(), s.b());
                out.add("  " + s.step() + " only in " + (s.a() == null ? "B" : "A") + ": " + only.command());
            } else {
                out.add("  " + s.step() + ":");
                jobText(s.diff(), out, "    ");
            }
        }
    }
}
