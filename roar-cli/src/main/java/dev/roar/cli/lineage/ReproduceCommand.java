package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.lineage.ArtifactRecord;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.reproduce.ReproductionPlan;
import dev.roar.core.reproduce.ReproductionPlanner;
import dev.roar.core.reproduce.ReproductionScript;
import dev.roar.core.reproduce.Reproducer;
import dev.roar.core.run.ShellWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `roar reproduce`: how an artifact (or a session) was made, as a plan to preview, export, script or run. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Show how to make an artifact again (the default), export its requirements or a script, or do it (--run).",
        footer = {"", "HASH is an artifact's hash prefix or path; --lineage SESSION reproduces every step of a session.",
                "--run clones the repository at the recorded commit into a new directory, creates a venv with the recorded",
                "Python (seeing its site-packages, so what is installed at the recorded version is not downloaded), installs the recorded pip packages (and, with --package-sync, the Debian ones), replays the build",
                "then run steps under roar there, and compares every output with the original. Exit code 0 when the",
                "artifact came out identical, 1 when a step diverged or failed; what was created is always left in place.",
                "", "  roar reproduce 3f2a1b9c                      preview", "  roar reproduce metrics.json --run -y",
                "  roar reproduce 3f2a1b9c --export-requirements requirements.txt"})
public final class ReproduceCommand implements Callable<Integer> {
    private static final int LISTED = 10;
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "HASH", description = "The artifact: a hash prefix (8+ characters) or its path.")
    String ref;

    @Option(names = "--lineage", paramLabel = "SESSION", description = "Reproduce a whole session (its hash, or 'current').")
    String lineage;

    @Option(names = "--run", description = "Carry out the plan (the default only shows it).")
    boolean run;

    @Option(names = {"-y", "--yes"}, description = "With --run: do not ask for confirmation.")
    boolean yes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where --run clones to (default: beside the repository, <name>-reproduce-<hash>).")
    Path dir;

    @Option(names = "--script", description = "Print a bash script that reproduces it, for a human to read or run.")
    boolean script;

    @Option(names = "--list-requirements", description = "Print the pip requirements (name==version), then the system packages as comments.")
    boolean listRequirements;

    @Option(names = "--export-requirements", paramLabel = "FILE", description = "Write the pip requirements to FILE.")
    Path exportRequirements;

    @Option(names = "--step-timeout", paramLabel = "SECONDS",
            description = "With --run: stop a step after this long (default: env ROAR_REPRODUCE_STEP_TIMEOUT, else none).")
    Long stepTimeout;

    @Option(names = "--pip-any-version", description = "With --run: install the pip packages without their recorded versions.")
    boolean pipAnyVersion;

    @Option(names = "--package-sync", description = "With --run: also install the recorded Debian packages (apt-get; root).")
    boolean packageSync;

    @Option(names = "--dpkg-any-version", description = "With --package-sync: any version of the Debian packages.")
    boolean dpkgAnyVersion;

    @Option(names = "--tracer", paramLabel = "BACKEND", description = "With --run: the tracer for the replayed steps (default: config).")
    String tracer;

    public ReproduceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((ref == null) == (lineage == null)) {
            throw new RoarException("Name one thing to reproduce: an artifact (HASH) or a session (--lineage SESSION).",
                    "See 'roar reproduce --help'.");
        }
        try (Workspace ws = Workspace.open(context)) {
            ReproductionPlanner planner = new ReproductionPlanner(ws.reader, ws.layout.root());
            ReproductionPlan plan;
            String label;
            String sessionHash = null;
            if (ref != null) {
                ArtifactRecord artifact = ws.resolver.artifact(ref);
                plan = planner.forArtifact(artifact);
                label = artifact.blake3().substring(0, 12);
            } else {
                dev.roar.core.store.Session session = ws.resolver.session(lineage.startsWith("session:") ? lineage : "session:" + lineage);
                plan = planner.forSession(session);
                sessionHash = session.hash();
                label = "session";
            }
            if (listRequirements) {
                requirements(plan).forEach(out::println);
                return 0;
            }
            if (exportRequirements != null) {
                write(exportRequirements, String.join("\n", requirements(plan)) + "\n");
                out.println("Wrote " + plan.pip().size() + " pip requirements to " + exportRequirements);
                return 0;
            }
            if (script) {
                out.print(ReproductionScript.of(plan, directory(ws, plan, label).getFileName().toString()));
                return 0;
            }
            preview(out, ws, plan, sessionHash);
            if (!run) {
                out.println();
                out.println("Run it: roar reproduce " + (ref != null ? ref : "--lineage " + lineage) + " --run");
                return 0;
            }
            Path target = directory(ws, plan, label);
            out.println();
            if (!Confirm.ask(context, spec, yes, "Clone into " + target + " and replay " + plan.steps().size() + " steps?")) {
                out.println("Nothing done.");
                return 1;
            }
            Reproducer.Outcome outcome = new Reproducer(ws.reader, ws.layout.root(), context.environment(), out)
                    .run(plan, new Reproducer.Options(target, timeout(), pipAnyVersion, packageSync, dpkgAnyVersion,
                            Optional.ofNullable(tracer)));
            return report(out, ws, plan, outcome);
        }
    }

    private int report(PrintWriter out, Workspace ws, ReproductionPlan plan, Reproducer.Outcome outcome) {
        out.println();
        long identical = outcome.steps().stream().filter(Reproducer.StepOutcome::identical).count();
        out.println("Reproduced " + identical + " of " + plan.steps().size() + " steps identically, in " + outcome.directory());
        outcome.firstDiverged().ifPresent(d -> out.println("First divergence: " + d.original().step() + " ("
                + d.original().command() + "): " + describe(d)));
        plan.target().ifPresent(a -> out.println(outcome.targetIdentical().orElse(false)
                ? "Target " + ws.show(a.path()) + ": same hash (" + a.blake3().substring(0, 12) + ")"
                : "Target " + ws.show(a.path()) + ": NOT reproduced with the same hash"));
        boolean ok = outcome.firstDiverged().isEmpty() && outcome.targetIdentical().orElse(true);
        return ok ? 0 : 1;
    }

    private static String describe(Reproducer.StepOutcome d) {
        if (d.result().isEmpty()) {
            return "could not run";
        }
        if (d.result().get().exitCode() != 0) {
            return "exited " + d.result().get().exitCode();
        }
        List<String> parts = new ArrayList<>();
        if (!d.differing().isEmpty()) {
            parts.add("different bytes in " + String.join(", ", d.differing()));
        }
        if (!d.missing().isEmpty()) {
            parts.add("did not write " + String.join(", ", d.missing()));
        }
        return String.join("; ", parts);
    }

    private void preview(PrintWriter out, Workspace ws, ReproductionPlan plan, String sessionHash) {
        plan.target().ifPresentOrElse(a -> out.println("Artifact:   " + a.blake3() + " (" + ws.show(a.path()) + ")"),
                () -> out.println("Session:    " + sessionHash + " (every step's latest run)"));
        out.println("Git repo:   " + plan.gitRepo());
        out.println("Git commit: " + plan.commit());
        if (plan.commits().size() > 1) {
            out.println("            (the steps ran at " + plan.commits().size() + " commits; all are replayed at this one, where "
                    + plan.runs().getLast().step() + " ran)");
        }
        out.println("Python:     " + plan.pythonVersion().orElse("(not recorded)"));
        out.println();
        out.println("Pipeline preview");
        out.println("Build steps (" + plan.builds().size() + "):");
        for (LineageJob b : plan.builds()) {
            out.println("  B" + b.stepNumber() + ". " + b.command());
        }
        out.println("Run steps (" + plan.runs().size() + "):");
        int i = 0;
        for (LineageJob r : plan.runs()) {
            out.println("  " + (++i) + ". " + r.command() + "   (" + r.step() + ", job " + r.uid() + ")");
        }
        list(out, "Build tool pip packages", plan.buildPip(), "==");
        list(out, "Build tool packages", plan.buildDpkg(), "=");
        list(out, "System packages (installed with --package-sync, as root)", plan.dpkg(), "=");
        list(out, "Pip packages", plan.pip(), "==");
    }

    private static void list(PrintWriter out, String title, Map<String, String> packages, String sep) {
        if (packages.isEmpty()) {
            return;
        }
        List<String> all = packages.entrySet().stream().map(e -> e.getKey() + sep + e.getValue()).toList();
        String shown = String.join(" ", all.subList(0, Math.min(LISTED, all.size())))
                + (all.size() > LISTED ? " ... and " + (all.size() - LISTED) + " more" : "");
        out.println(title + " (" + all.size() + "): " + shown);
    }

    private static List<String> requirements(ReproductionPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.pip().forEach((name, version) -> lines.add(name + "==" + version));
        if (!plan.dpkg().isEmpty() || !plan.buildDpkg().isEmpty()) {
            lines.add("# system packages (Debian), for apt-get install:");
            plan.buildDpkg().forEach((name, version) -> lines.add("# " + name + "=" + version));
            plan.dpkg().forEach((name, version) -> lines.add("# " + name + "=" + version));
        }
        return lines;
    }

    private Path directory(Workspace ws, ReproductionPlan plan, String label) {
        if (dir != null) {
            return context.workingDirectory().resolve(dir).normalize();
        }
        Path root = ws.layout.root();
        String name = root.getFileName() + "-reproduce-" + (label.equals("session") ? plan.commit().substring(0, 8) : label.substring(0, 8));
        return root.resolveSibling(name);
    }

    private Optional<Duration> timeout() {
        if (stepTimeout != null) {
            return Optional.of(Duration.ofSeconds(stepTimeout));
        }
        String env = context.environment().get("ROAR_REPRODUCE_STEP_TIMEOUT");
        if (env == null || env.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(env.strip())));
        } catch (NumberFormatException e) {
            throw new RoarException("ROAR_REPRODUCE_STEP_TIMEOUT is '" + env + "', not a number of seconds.", "Set it to e.g. 600, or unset it.");
        }
    }

    private void write(Path file, String text) {
        Path target = context.workingDirectory().resolve(file);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoarException("Cannot write " + target + ": " + e.getMessage(), "Choose a writable path.");
        }
    }
}
