package dev.roar.core.reproduce;

import dev.roar.core.RoarException;
import dev.roar.core.config.ConfigLoader;
import dev.roar.core.env.EnvironmentCapture;
import dev.roar.core.git.GitCloner;
import dev.roar.core.json.JsonReader;
import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.LineageJob;
import dev.roar.core.lineage.LineageReader;
import dev.roar.core.project.ProjectInitializer;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.run.RecordedFile;
import dev.roar.core.run.RunOptions;
import dev.roar.core.run.RunResult;
import dev.roar.core.run.RunService;
import dev.roar.core.run.ShellWords;
import dev.roar.trace.ProgramLocator;
import dev.roar.trace.TraceRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a plan: clones the code at its commit into a new directory, makes a venv with the recorded
 * Python, installs the recorded packages, replays the build then run steps under roar in the clone, and
 * compares what each step wrote with what it wrote the first time. Whatever it created stays in place
 * when something fails, and the message names it.
 */
public final class Reproducer {
    /** How one step came out: its new job, and the outputs whose bytes differ from the recorded ones. */
    public record StepOutcome(LineageJob original, Optional<RunResult> result, List<String> differing, List<String> missing) {
        public boolean identical() {
            return result.isPresent() && result.get().exitCode() == 0 && differing.isEmpty() && missing.isEmpty();
        }
    }

    public record Options(Path directory, Optional<Duration> stepTimeout, boolean pipAnyVersion, boolean packageSync,
                          boolean dpkgAnyVersion, Optional<String> tracer) {
    }

    public record Outcome(Path directory, List<StepOutcome> steps, Optional<StepOutcome> firstDiverged,
                          Optional<Boolean> targetIdentical) {
    }

    private final LineageReader reader;
    private final Path originalRoot;
    private final Map<String, String> environment;
    private final PrintWriter out;

    public Reproducer(LineageReader reader, Path originalRoot, Map<String, String> environment, PrintWriter out) {
        this.reader = reader;
        this.originalRoot = originalRoot;
        this.environment = environment;
        this.out = out;
    }

    public Outcome run(ReproductionPlan plan, Options options) {
        Path dir = options.directory().toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new RoarException(dir + " already exists.", "Choose another place with --dir, or remove it.");
        }
        new EnvironmentCapture(originalRoot.resolve(".roar"), environment).differencesFrom(plan.runtime())
                .forEach(d -> say("warning: this machine differs from the recorded one: " + d));
        say("Cloning " + plan.gitRepo() + " at " + plan.commit().substring(0, 12) + " into " + dir);
        GitCloner.cloneAt(plan.gitRepo(), plan.commit(), dir, List.of(".roar/", ".venv/"));
        ProjectLayout layout = new ProjectLayout(dir);
        ProjectInitializer.initialize(layout, false);

        Path venv = dir.resolve(".venv");
        Path python = interpreter(plan.pythonVersion());
        say("Creating a venv with " + python + " in " + venv);
        // The venv sees the interpreter's own site-packages: a pinned requirement already installed there at the
        // recorded version is satisfied without a download, and pip still installs any other version into the venv.
        exec(List.of(python.toString(), "-m", "venv", "--system-site-packages", venv.toString()), dir, "create the venv", dir);
        if (options.packageSync() && !(plan.dpkg().isEmpty() && plan.buildDpkg().isEmpty())) {
            Map<String, String> system = new TreeMap<>(plan.buildDpkg());
            system.putAll(plan.dpkg());
            List<String> argv = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
            system.forEach((p, v) -> argv.add(options.dpkgAnyVersion() ? p : p + "=" + v));
            say("Installing " + system.size() + " system packages (apt-get)");
            exec(argv, dir, "install the system packages", dir);
        }
        if (!plan.pip().isEmpty()) {
            List<String> argv = new ArrayList<>(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install",
                    "--disable-pip-version-check", "-q"));
            plan.pip().forEach((p, v) -> argv.add(options.pipAnyVersion() ? p : p + "==" + v));
            say("Installing " + plan.pip().size() + " pip packages into the venv");
            exec(argv, dir, "install the recorded pip packages (--pip-any-version relaxes the pins)", dir);
        }

        Map<String, String> env = new HashMap<>(environment);
        env.put("PATH", venv.resolve("bin") + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("VIRTUAL_ENV", venv.toString());
        env.remove("PYTHONHOME");
        List<StepOutcome> outcomes = new ArrayList<>();
        for (LineageJob job : plan.steps()) {
            StepOutcome outcome = replay(job, layout, env, options);
            outcomes.add(outcome);
            if (outcome.result().isEmpty() || outcome.result().get().exitCode() != 0) {
                break;
            }
        }
        Optional<StepOutcome> diverged = outcomes.stream().filter(o -> !o.identical()).findFirst();
        Optional<Boolean> target = plan.target().map(a -> {
            String relative = relative(a.path().display());
            return outcomes.stream().flatMap(o -> o.result().stream()).flatMap(r -> r.outputs().stream())
                    .filter(f -> relative(f.path().display(), dir).equals(relative)).reduce((x, y) -> y)
                    .map(f -> f.blake3().equals(a.blake3())).orElse(false);
        });
        return new Outcome(dir, outcomes, diverged, target);
    }

    private StepOutcome replay(LineageJob job, ProjectLayout clone, Map<String, String> env, Options options) {
        Map<String, Object> metadata = JsonReader.object(job.metadata() == null ? "{}" : job.metadata());
        List<String> argv = metadata.get("argv") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of("sh", "-c", job.command());
        Path cwd = clone.root();
        if (metadata.get("cwd") instanceof String recorded && Path.of(recorded).startsWith(originalRoot)) {
            cwd = clone.root().resolve(originalRoot.relativize(Path.of(recorded)).toString());
        }
        say("");
        say("== " + job.step() + ": " + ShellWords.join(argv));
        out.flush();
        RunService service = new RunService(clone, ConfigLoader.load(clone, env), env, cwd);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roar-step-timeout");
            t.setDaemon(true);
            return t;
        });
        List<ScheduledFuture<?>> kills = new ArrayList<>();
        options.stepTimeout().ifPresent(limit -> {
            kills.add(timer.schedule(() -> {
                say("   --step-timeout: " + limit.toSeconds() + " s passed, stopping the step");
                service.signalCommandTree(15);
            }, limit.toMillis(), TimeUnit.MILLISECONDS));
            kills.add(timer.schedule(() -> service.signalCommandTree(9), limit.toMillis() + 10_000, TimeUnit.MILLISECONDS));
        });
        RunResult result;
        try {
            result = service.run(new RunOptions(argv, options.tracer(), Set.of(), Optional.ofNullable(job.stepName()), job.type(),
                    TraceRequest.Stdio.INHERIT, false));
        } catch (RoarException e) {
            say("   could not run: " + e.getMessage());
            return new StepOutcome(job, Optional.empty(), List.of(), List.of());
        } finally {
            kills.forEach(k -> k.cancel(false));
            timer.shutdownNow();
        }
        Map<String, String> now = new HashMap<>();
        for (RecordedFile f : result.outputs()) {
            now.put(relative(f.path().display(), clone.root()), f.blake3());
        }
        List<String> differing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JobFile before : reader.files(job, true)) {
            String path = relative(before.path().display());
            String after = now.get(path);
            if (after == null) {
                missing.add(path);
            } else if (!after.equals(before.blake3())) {
                differing.add(path);
            }
        }
        if (result.exitCode() != 0) {
            say("   exited " + result.exitCode() + ": stopping here");
        } else if (differing.isEmpty() && missing.isEmpty()) {
            say("   identical: " + (now.isEmpty() ? "no outputs" : String.join(", ", now.keySet().stream().sorted().toList())));
        } else {
            differing.forEach(p -> say("   differs: " + p));
            missing.forEach(p -> say("   not written this time: " + p));
        }
        return new StepOutcome(job, Optional.of(result), differing, missing);
    }

    /** The recorded Python's pythonX.Y from PATH when there is one, else python3. */
    private Path interpreter(Optional<String> version) {
        String path = environment.get("PATH");
        if (version.isPresent()) {
            String[] parts = version.get().split("\\.");
            if (parts.length >= 2) {
                Optional<Path> exact = ProgramLocator.locate("python" + parts[0] + "." + parts[1], originalRoot, path);
                if (exact.isPresent()) {
                    return exact.get();
                }
            }
            say("warning: no python" + version.get().replaceAll("^(\\d+\\.\\d+).*", "$1") + " on PATH; the recorded Python was "
                    + version.get() + ", using python3");
        }
        return ProgramLocator.locate("python3", originalRoot, path).orElseThrow(() -> new RoarException(
                "No python3 on PATH to create the venv with.", "Install Python " + version.orElse("3") + " and retry."));
    }

    private void exec(List<String> argv, Path cwd, String what, Path leftIn) {
        try {
            Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = p.waitFor();
            if (exit != 0) {
                List<String> lines = output.lines().toList();
                String last = lines.isEmpty() ? "(no output)" : lines.getLast();
                throw new RoarException("Could not " + what + " (" + argv.getFirst().replaceAll(".*/", "") + " exited " + exit + "): " + last,
                        "The partial reproduction is left in " + leftIn + ".", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            }
        } catch (IOException e) {
            throw new RoarException("Could not " + what + ": " + e.getMessage(), "The partial reproduction is left in " + leftIn + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoarException("Interrupted while trying to " + what + ".", "The partial reproduction is left in " + leftIn + ".");
        }
    }

    private String relative(String absolute) {
        return relative(absolute, originalRoot);
    }

    private static String relative(String absolute, Path root) {
        String prefix = root + "/";
        return absolute.startsWith(prefix) ? absolute.substring(prefix.length()) : absolute;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
