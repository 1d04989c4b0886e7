package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.hash.HashCache;
import dev.roar.core.json.Json;
import dev.roar.core.json.JsonReader;
import dev.roar.core.label.LabelDocuments;
import dev.roar.core.label.LabelEntity;
import dev.roar.core.label.LabelVersion;
import dev.roar.core.lineage.ArtifactPresence;
import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.JobLink;
import dev.roar.core.lineage.LineageGraph;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.ReferenceResolver;
import dev.roar.core.lineage.StepRef;
import dev.roar.core.lineage.Target;
import dev.roar.core.run.JobType;
import dev.roar.core.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar show [REF]`: a job, an artifact or the session in full. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a job (@N, @BN, uid), an artifact (path or hash prefix) or the session in full.",
        footer = {"", "Examples:", "  roar show @2            the latest run of step 2", "  roar show model.pkl     the artifact at that path, its producer and consumers",
                "  roar show 3f2a1b        a job uid or an artifact hash prefix", "  roar show               the active session"})
public final class ShowCommand implements Callable<Integer> {
    private static final int ROWS = 50;
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "REF", description = "@N, @BN, a job uid, a path, a hash prefix, or session:<hash>.")
    String ref;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--all", description = "Full file lists and roar's own system labels.")
    boolean all;

    public ShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(context)) {
            Target target = ref == null ? new Target.SessionTarget(ws.activeSession().orElseThrow(ReferenceResolver::noSession))
                    : ws.resolver.resolve(ref);
            Map<String, Object> doc = switch (target) {
                case Target.JobTarget(LineageJob job) -> job(ws, job);
                case Target.ArtifactTarget(ArtifactRecord artifact) -> artifact(ws, artifact);
                case Target.SessionTarget(Session session) -> session(ws, session);
            };
            if (json) {
                out.println(Json.write(doc));
            } else {
                switch (target) {
                    case Target.JobTarget t -> printJob(out, ws, doc);
                    case Target.ArtifactTarget t -> printArtifact(out, doc);
                    case Target.SessionTarget t -> printSession(out, doc);
                }
            }
            return 0;
        }
    }

    private Map<String, Object> job(Workspace ws, LineageJob job) {
        Map<String, Object> doc = JsonFields.job(job);
        doc.put("kind", "job");
        doc.put("name", job.stepName());
        Optional<LineageGraph.Node> node = ws.activeSession().filter(s -> s.id() == job.sessionId())
                .flatMap(s -> ws.resolver.activeDependencyGraph().node(job.id()));
        doc.put("state", node.map(n -> n.state().id()).orElse(null));
        doc.put("dependencies", node.map(n -> n.dependencies().stream().map(StepRef::toString).toList()).orElse(List.of()));
        doc.put("labels", labels(ws, new LabelEntity.Job(job.id(), job.uid())));
        doc.put("inputs", ws.reader.files(job, false).stream().map(f -> JsonFields.file(f, ws)).toList());
        doc.put("outputs", ws.reader.files(job, true).stream().map(f -> JsonFields.file(f, ws)).toList());
        doc.put("events_dropped", job.eventsDropped());
        Map<String, Object> metadata = JsonReader.object(job.metadata());
        doc.put("env", metadata.getOrDefault("env", Map.of()));
        doc.put("packages", metadata.getOrDefault("packages", null));
        doc.put("runtime", metadata.getOrDefault("runtime", null));
        doc.put("git_repo", job.gitRepo());
        return doc;
    }

    private Map<String, Object> artifact(Workspace ws, ArtifactRecord a) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "artifact");
        JsonFields.path(doc, "path", a.path(), ws);
        doc.put("artifact_id", a.id());
        doc.put("size", a.size());
        doc.put("hashes", a.digests());
        JsonFields.path(doc, "first_seen_path", a.firstSeenPath(), ws);
        doc.put("first_seen_at", a.firstSeenAt());
        ArtifactPresence.State state = new ArtifactPresence(new HashCache(ws.store))
                .check(List.of(new JobFile(a.path(), a.id(), a.blake3(), a.size()))).get(a.path());
        doc.put("on_disk", state.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("produced_by", ws.reader.jobsWith(a.id(), true).stream().map(l -> link(ws, l)).toList());
        doc.put("consumed_by", ws.reader.jobsWith(a.id(), false).stream().map(l -> link(ws, l)).toList());
        doc.put("labels", labels(ws, new LabelEntity.Artifact(a.id(), a.blake3())));
        return doc;
    }

    private Map<String, Object> session(Workspace ws, Session session) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "session");
        doc.put("session_id", session.id());
        doc.put("dag_hash", session.hash());
        doc.put("active", session.active());
        doc.put("created_at", session.createdAt());
        LineageGraph graph = LineageGraph.of(ws.reader.loadDependencies(session));
        doc.put("jobs", graph.allNodes().size());
        doc.put("run_steps", graph.stepCount(JobType.RUN));
        doc.put("build_steps", graph.stepCount(JobType.BUILD));
        doc.put("steps", graph.activeNodes().stream().map(n -> Json.object("step", n.step().toString(), "command", n.job().command(),
                "state", n.state().id(), "job_uid", n.job().uid())).toList());
        doc.put("labels", labels(ws, new LabelEntity.Dag(session.id(), session.hash())));
        return doc;
    }

    private static Map<String, Object> link(Workspace ws, JobLink l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_uid", l.job().uid());
        m.put("step", l.job().step().toString());
        m.put("session_id", l.job().sessionId());
        m.put("command", l.job().command());
        JsonFields.path(m, "path", l.file().path(), ws);
        return m;
    }

    private Map<String, Object> labels(Workspace ws, LabelEntity entity) {
        return LabelDocuments.flatten(ws.labels.current(entity).map(LabelVersion::labels).orElse(Map.of()), all);
    }

    private void printJob(PrintWriter out, Workspace ws, Map<String, Object> d) {
        out.println("Job: " + d.get("job_uid") + "  (" + d.get("step") + (d.get("state") != null ? ", " + d.get("state") : "") + ")");
        if (d.get("name") != null) {
            out.println("Name:      " + d.get("name"));
        }
        printLabels(out, d);
        out.println("Command:   " + d.get("command"));
        out.println("Started:   " + Formats.time((Double) d.get("timestamp")));
        out.println("Duration:  " + Formats.duration((Double) d.get("duration_seconds")));
        out.println("Exit code: " + d.get("exit_code") + ((Integer) d.get("exit_code") == 0 ? " (OK)" : " (FAIL)"));
        out.println("Git:       " + (d.get("git_branch") == null ? "(detached)" : d.get("git_branch")) + " @ "
                + (d.get("git_commit") == null ? "(no commit)" : Formats.hash12((String) d.get("git_commit"))));
        out.println("Tracer:    " + d.get("tracer_backend") + ((Long) d.get("events_dropped") > 0 ? " (" + d.get("events_dropped") + " events lost)" : ""));
        if (d.get("dependencies") instanceof List<?> deps && !deps.isEmpty()) {
            out.println("Depends on: " + String.join(", ", deps.stream().map(String::valueOf).toList()));
        }
        if (d.get("env") instanceof Map<?, ?> env && !env.isEmpty()) {
            out.println("Env:       " + String.join(" ", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        printEnvironment(out, d);
        files(out, "Inputs", d.get("inputs"));
        files(out, "Outputs", d.get("outputs"));
    }

    /** One line each for the machine, the interpreter and the packages the job used; --json has them in full. */
    private void printEnvironment(PrintWriter out, Map<String, Object> d) {
        if (d.get("runtime") instanceof Map<?, ?> rt) {
            String distro = rt.get("os") instanceof Map<?, ?> os && os.get("distro") instanceof Map<?, ?> dist
                    ? String.valueOf(dist.get("pretty_name")) : "?";
            String cpu = rt.get("cpu") instanceof Map<?, ?> c ? c.get("count") + " CPU" : "";
            String gpus = rt.get("gpus") instanceof List<?> g && !g.isEmpty() ? ", " + g.size() + " GPU" : "";
            out.println("Machine:   " + rt.get("hostname") + " · " + distro + " · " + rt.get("arch") + " · " + cpu + gpus);
            if (rt.get("python") instanceof Map<?, ?> py) {
                out.println("Python:    " + py.get("version") + " (" + py.get("executable") + ")");
            }
        }
        if (d.get("packages") instanceof Map<?, ?> packages) {
            for (String kind : List.of("pip", "dpkg", "build_pip", "build_dpkg")) {
                if (packages.get(kind) instanceof Map<?, ?> found && !found.isEmpty()) {
                    List<String> named = found.entrySet().stream().map(e -> e.getKey() + "==" + e.getValue()).toList();
                    String shown = all || named.size() <= 8 ? String.join(" ", named)
                            : String.join(" ", named.subList(0, 8)) + " … and " + (named.size() - 8) + " more";
                    out.printf("%-11s%s%n", kind + ":", shown);
                }
            }
            if (packages.get("build_tools") instanceof List<?> tools && !tools.isEmpty()) {
                out.println("Tools:     " + String.join(" ", tools.stream().map(String::valueOf).toList()));
            }
        }
    }

    private void files(PrintWriter out, String title, Object list) {
        List<?> files = (List<?>) list;
        out.println(title + " (" + files.size() + "):");
        int limit = all ? files.size() : Math.min(ROWS, files.size());
        for (Object o : files.subList(0, limit)) {
            Map<?, ?> f = (Map<?, ?>) o;
            out.printf("  %s  %9s  %s%n", Formats.hash12((String) f.get("hash")), Formats.size(((Number) f.get("size")).longValue()), f.get("path"));
        }
        if (files.size() > limit) {
            out.println("  … and " + (files.size() - limit) + " more (--all lists them)");
        }
    }

    private void printArtifact(PrintWriter out, Map<String, Object> d) {
        out.println("Artifact: " + d.get("path"));
        out.println("Size:     " + Formats.size(((Number) d.get("size")).longValue()) + " (" + d.get("size") + " bytes)");
        out.println("On disk:  " + d.get("on_disk"));
        out.println("Hashes:");
        ((Map<?, ?>) d.get("hashes")).forEach((k, v) -> out.println("  " + k + ": " + v));
        printLabels(out, d);
        for (String key : List.of("produced_by", "consumed_by")) {
            List<?> links = (List<?>) d.get(key);
            out.println((key.equals("produced_by") ? "Produced by" : "Consumed by") + " (" + links.size() + "):");
            if (links.isEmpty()) {
                out.println(key.equals("produced_by") ? "  no job (a source file)" : "  no job");
            }
            for (Object o : links) {
                Map<?, ?> l = (Map<?, ?>) o;
                out.println("  " + l.get("step") + "  job " + l.get("job_uid") + "  " + l.get("command") + "  (as " + l.get("path") + ")");
            }
        }
    }

    private void printSession(PrintWriter out, Map<String, Object> d) {
        out.println("Session " + d.get("session_id") + (Boolean.TRUE.equals(d.get("active")) ? " (active)" : ""));
        out.println("DAG hash:   " + d.get("dag_hash"));
        out.println("Created:    " + Formats.time((Double) d.get("created_at")));
        out.println("Jobs:       " + d.get("jobs") + " (" + d.get("run_steps") + " run steps, " + d.get("build_steps") + " build steps)");
        printLabels(out, d);
        for (Object o : (List<?>) d.get("steps")) {
            Map<?, ?> s = (Map<?, ?>) o;
            out.println("  " + s.get("step") + "  " + s.get("command") + ("active".equals(s.get("state")) ? "" : "  [" + s.get("state") + "]"));
        }
    }

    private static void printLabels(PrintWriter out, Map<String, Object> d) {
        Map<?, ?> labels = (Map<?, ?>) d.get("labels");
        if (!labels.isEmpty()) {
            out.println("Labels:    " + String.join(", ", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
    }
}
