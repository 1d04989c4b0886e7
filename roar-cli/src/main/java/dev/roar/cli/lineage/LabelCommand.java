package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.json.Json;
import dev.roar.core.label.LabelChange;
import dev.roar.core.label.LabelDocuments;
import dev.roar.core.label.LabelEntity;
import dev.roar.core.label.LabelVersion;
import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.store.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `roar label set|unset|cp|show|history`: versioned key=value labels on the dag, jobs and artifacts. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Label the dag (session), a job or an artifact with key=value pairs, versioned.",
        footer = {"", "ENTITY is dag, job or artifact. TARGET: for dag 'current' or a session hash; for job @N, @BN or a",
                "uid; for artifact a path or a hash prefix. Dotted keys nest: model.arch=cnn.",
                "Every change makes a new version; setting what is already there makes none.",
                "  roar label set job @2 owner=alice stage=dev", "  roar label history job @2"})
public final class LabelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public static CommandLine commandLine(CliContext context) {
        CommandLine label = new CommandLine(new LabelCommand());
        label.addSubcommand("set", new SetCommand(context));
        label.addSubcommand("unset", new UnsetCommand(context));
        label.addSubcommand("cp", new CopyCommand(context));
        label.addSubcommand("show", new ShowLabels(context));
        label.addSubcommand("history", new HistoryCommand(context));
        return label;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The ENTITY TARGET pair every label subcommand starts with. */
    static final class EntityTarget {
        @Parameters(index = "0", paramLabel = "ENTITY", description = "dag, job or artifact")
        String type;
        @Parameters(index = "1", paramLabel = "TARGET", description = "current or a session hash; @N, @BN or a job uid; a path or hash prefix")
        String target;

        LabelEntity resolve(Workspace ws) {
            return entity(ws, type, target);
        }
    }

    static LabelEntity entity(Workspace ws, String type, String target) {
        return switch (type) {
            case "dag" -> {
                Session s = ws.resolver.session(target.equals("current") || target.startsWith("session:") ? target : "session:" + target);
                yield new LabelEntity.Dag(s.id(), "dag " + s.hash().substring(0, 12));
            }
            case "job" -> {
                LineageJob job = ws.resolver.job(target);
                yield new LabelEntity.Job(job.id(), "job " + job.uid() + " (" + job.step() + ")");
            }
            case "artifact" -> {
                ArtifactRecord a = ws.resolver.artifact(target);
                yield new LabelEntity.Artifact(a.id(), "artifact " + ws.show(a.path()));
            }
            default -> throw new RoarException("Unknown label entity '" + type + "'.", "Use dag, job or artifact.");
        };
    }

    static void print(PrintWriter out, String title, LabelVersion version) {
        out.println(title + " (version " + version.version() + "):");
        Map<String, Object> flat = LabelDocuments.flatten(version.labels(), false);
        if (flat.isEmpty()) {
            out.println("  (no labels)");
        }
        flat.forEach((k, v) -> out.println("  " + k + ": " + v));
    }

    static void report(PrintWriter out, LabelChange change, String changedTitle) {
        if (change.changed()) {
            print(out, changedTitle, change.current());
        } else if (change.current().version() == 0) {
            out.println("No label changes.");
        } else {
            print(out, "Labels unchanged", change.current());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set KEY=VALUE labels (merged into the current ones).")
    static final class SetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        EntityTarget target;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "KEY=VALUE")
        List<String> pairs = new ArrayList<>();

        SetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            Map<String, Object> updates = new LinkedHashMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || pair.substring(0, eq).startsWith(".") || pair.substring(0, eq).endsWith(".") || pair.contains("..")) {
                    throw new RoarException("'" + pair + "' is not a KEY=VALUE label.", "Write labels as key=value, e.g. owner=alice.");
                }
                if (pair.startsWith(LabelDocuments.SYSTEM_PREFIX)) {
                    throw new RoarException("Labels under 'roar.' are roar's own.", "Choose another key.");
                }
                updates.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            try (Workspace ws = Workspace.open(context)) {
                LabelEntity entity = target.resolve(ws);
                report(spec.commandLine().getOut(), ws.labels.set(entity, updates, "user"), "Updated labels");
            }
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove labels by KEY.")
    static final class UnsetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        EntityTarget target;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "KEY")
        List<String> keys = new ArrayList<>();

        UnsetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Workspace ws = Workspace.open(context)) {
                LabelEntity entity = target.resolve(ws);
                report(spec.commandLine().getOut(), ws.labels.unset(entity, keys), "Removed labels");
            }
        }
    }

    @Command(name = "cp", mixinStandardHelpOptions = true, description = "Copy the labels of SOURCE onto DEST (same entity kind).")
    static final class CopyCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ENTITY")
        String type;
        @Parameters(index = "1", paramLabel = "SOURCE")
        String source;
        @Parameters(index = "2", paramLabel = "DEST")
        String dest;

        CopyCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Workspace ws = Workspace.open(context)) {
                LabelEntity from = entity(ws, type, source);
                LabelEntity to = entity(ws, type, dest);
                report(spec.commandLine().getOut(), ws.labels.copy(from, to), "Updated labels");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the current labels.")
    static final class ShowLabels implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        EntityTarget target;
        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;
        @Option(names = "--all", description = "Include roar's system labels (roar.*).")
        boolean all;

        ShowLabels(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = Workspace.open(context)) {
                LabelEntity entity = target.resolve(ws);
                LabelVersion v = ws.labels.current(entity).orElse(new LabelVersion(0, Map.of(), 0, "user"));
                if (json) {
                    out.println(Json.write(Json.object("version", v.version(), "labels", LabelDocuments.flatten(v.labels(), all))));
                    return;
                }
                if (v.version() == 0) {
                    out.println("No labels on " + entity.name() + ".");
                    return;
                }
                out.println("Labels of " + entity.name() + " (version " + v.version() + "):");
                LabelDocuments.flatten(v.labels(), all).forEach((k, val) -> out.println("  " + k + ": " + val));
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List every version of the labels.")
    static final class HistoryCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        EntityTarget target;
        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        HistoryCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = Workspace.open(context)) {
                LabelEntity entity = target.resolve(ws);
                List<LabelVersion> versions = ws.labels.history(entity);
                if (json) {
                    out.println(Json.write(versions.stream().map(v -> Json.object("version", v.version(), "created_at", v.createdAt(),
                            "write_origin", v.writeOrigin(), "labels", LabelDocuments.flatten(v.labels(), true))).toList()));
                    return;
                }
                if (versions.isEmpty()) {
                    out.println("No labels on " + entity.name() + ".");
                    return;
                }
                for (LabelVersion v : versions) {
                    out.println("version " + v.version() + "  " + Formats.time(v.createdAt()) + "  (" + v.writeOrigin() + ")");
                    Map<String, Object> flat = LabelDocuments.flatten(v.labels(), true);
                    if (flat.isEmpty()) {
                        out.println("  (no labels)");
                    }
                    flat.forEach((k, val) -> out.println("  " + k + ": " + val));
                }
            }
        }
    }
}
