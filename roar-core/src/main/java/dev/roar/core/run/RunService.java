package dev.roar.core.run;

import dev.roar.core.RoarException;
import dev.roar.core.config.RoarConfig;
import dev.roar.core.env.EnvironmentCapture;
import dev.roar.core.filter.FilterCategory;
import dev.roar.core.filter.LineageFilter;
import dev.roar.core.git.GitInspector;
import dev.roar.core.git.GitState;
import dev.roar.core.git.TrackedFiles;
import dev.roar.core.hash.FileHasher;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.hash.HashCache;
import dev.roar.core.json.Json;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.store.Store;
import dev.roar.trace.ProgramLocator;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.launch.BackgroundThreads;
import dev.roar.trace.launch.HeldCommand;
import dev.roar.trace.TracedProcess;
import dev.roar.trace.Tracer;
import dev.roar.trace.classify.FileFact;
import dev.roar.trace.classify.PathBytes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * `roar run` / `roar build`: refuse a dirty tree, trace the command, keep what is lineage, hash it,
 * and record the job in one transaction. The command's exit code is the result's, whatever it is:
 * a failing command is still a job.
 */
public final class RunService {
    private final ProjectLayout layout;
    private final RoarConfig config;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private volatile Tracer running;

    public RunService(ProjectLayout layout, RoarConfig config, Map<String, String> environment, Path workingDirectory) {
        this.layout = layout;
        this.config = config;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    /** Forwards a signal (SIGTERM) to the command while it runs. */
    public void signalCommand(int signal) {
        Tracer tracer = running;
        if (tracer != null) {
            tracer.signalCommand(signal);
        }
    }

    /** Signals the running command and all its processes (a reproduction's step timeout). */
    public void signalCommandTree(int signal) {
        Tracer tracer = running;
        if (tracer != null) {
            tracer.signalCommandTree(signal);
        }
    }

    public RunResult run(RunOptions options) {
        List<String> warnings = new ArrayList<>();
        TracerChoice choice = new TracerChoice(options.tracer(), config.text("tracer.default"), config.bool("tracer.fallback_enabled"));
        // The tracer's set-up (probe loading, native linking) and the git check are independent: they overlap.
        choice.start(warnings);
        try {
            return run(options, choice, warnings);
        } finally {
            // A run that stopped before its trace (dirty tree, unknown command, ...) lets the prepared backend go:
            // its probes would stay attached, its threads parked, for as long as this JVM lives (a daemon's: minutes).
            choice.release();
        }
    }

    private RunResult run(RunOptions options, TracerChoice choice, List<String> warnings) {
        GitState git = GitInspector.inspect(layout.root(), config.text("git.remote"));
        // A reproduction replays steps in a fresh clone of the recorded commit, where earlier steps' outputs
        // are expected changes: the code is the commit by construction.
        if (!git.clean() && options.requireCleanTree()) {
            List<String> files = git.dirtyFiles().stream().limit(20).map(f -> "  " + f).toList();
            List<String> details = new ArrayList<>(files);
            if (git.dirtyFiles().size() > 20) {
                details.add("  ... and " + (git.dirtyFiles().size() - 20) + " more");
            }
            throw new RoarException("Run blocked: working tree is dirty.",
                    "Commit or stash these changes so the job's code is exactly a commit:", details);
        }
        String program = options.argv().getFirst();
        Path executable = ProgramLocator.locate(program, workingDirectory, environment.get("PATH"))
                .orElseThrow(() -> new CommandNotFoundException(program));

        Map<String, String> childEnvironment = new HashMap<>(environment);
        childEnvironment.putAll(config.envVariables());
        TraceRequest request = new TraceRequest(options.argv(), executable, workingDirectory, childEnvironment, options.stdio(),
                options.starter());
        TraceReport report;
        Tracer tracer;
        // A corrupt store, or one a newer roar wrote, stops the run before the command does anything, not after
        // it ran unrecorded: the file's header says so without opening it (the open overlaps the command).
        Store.precheck(layout.database());
        // Opening the store (loading SQLite's native library) and listing git's index depend on neither the
        // tracer nor the trace: they run while the tracer gets ready and the command runs, not after.
        // They run at the lowest priority while the command runs: see BackgroundThreads.
        BackgroundThreads helpers = new BackgroundThreads();
        CompletableFuture<Store> opening = CompletableFuture.supplyAsync(() -> Store.open(layout.database()),
                work -> helpers.start("roar-run-helper", work));
        CompletableFuture<Set<String>> tracked = CompletableFuture.supplyAsync(() -> TrackedFiles.of(layout.root()),
                work -> helpers.start("roar-run-helper", work));
        // The command's first process starts now, while the tracer still prepares on its thread, and waits at its
        // gate until the trace: see HeldCommand. A run that stops before its trace lets it go.
        try (HeldCommand held = startEarly(request)) {
            try {
                tracer = choice.ready(warnings);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RoarException("Interrupted before the command started.", "Nothing was run or recorded.");
            }
            running = tracer;
            try (BackgroundThreads.Lowered lowered = helpers.lowered()) {
                report = held != null ? tracer.trace(held) : tracer.trace(request);
            } catch (TraceException e) {
                throw new RoarException("The " + tracer.name() + " tracer could not run the command: " + e.getMessage(),
                        "Run 'roar tracer check' for details.", e);
            } finally {
                running = null;
            }
        } catch (RuntimeException e) {
            opening.thenAccept(Store::close);
            throw e;
        }
        Instant postStart = Instant.now();
        if (report.eventsDropped() > 0) {
            warnings.add(report.eventsDropped() + " trace events were lost: this job's lineage may be incomplete");
        }
        if (report.unresolvedPaths() > 0) {
            warnings.add(report.unresolvedPaths() + " relative paths could not be resolved and are not recorded");
        }

        List<PathBytes> executed = report.files().stream().filter(FileFact::executed).map(FileFact::path).toList();
        LineageFilter filter = new LineageFilter(new LineageFilter.Context(layout.root(), home(),
                tracked.join(), executed, config));
        LineageFilter.Outcome outcome = filter.apply(report.files());
        // A file read and then overwritten by the job is recorded as an output: its pre-job bytes are gone.
        List<PathBytes> inputs = outcome.inputs().stream().filter(f -> !f.output()).map(FileFact::path).toList();
        List<PathBytes> outputs = outcome.outputs().stream().map(FileFact::path).toList();
        if (options.type() == JobType.BUILD) {
            // Build steps set up the environment (pip install, make): what they touch is not pipeline data.
            inputs = List.of();
            outputs = List.of();
        }

        Set<HashAlgorithm> algorithms = EnumSet.of(HashAlgorithm.BLAKE3);
        algorithms.addAll(options.extraHashes());
        for (String id : config.textList("hash.run")) {
            HashAlgorithm.fromId(id).ifPresent(algorithms::add);
        }
        List<PathBytes> toHash = new ArrayList<>(inputs);
        toHash.addAll(outputs);
        // Package and machine capture reads other files than hashing does (and may run dpkg): they overlap.
        CompletableFuture<Captured> capture = CompletableFuture.supplyAsync(() -> captureEnvironment(report, executed, options));
        try (Store store = joinStore(opening)) {
            FileHasher.Result hashed = new FileHasher(new HashCache(store)).hash(toHash, algorithms);
            Captured captured = capture.join();
            for (FileHasher.Failure failure : hashed.failures()) {
                warnings.add("not recorded, " + failure.reason() + ": " + layout.display(Path.of(failure.path().display())));
            }
            String command = ShellWords.join(options.argv());
            double started = report.start().toEpochMilli() / 1000.0;
            double duration = Duration.between(report.start(), report.end()).toNanos() / 1e9;
            String stepIdentity = StepIdentity.of(
                    inputs.stream().filter(hashed.digests()::containsKey).toList(),
                    outputs.stream().filter(hashed.digests()::containsKey).toList(),
                    layout.root(), home(), command);
            JobRecord record = new JobRecord(JobRecorder.newJobUid(), options.type(), command, started, duration,
                    report.exitCode(), git, report.backend(), report.eventsDropped(),
                    metadata(report, outcome, hashed, options, captured.metadata()), inputs, outputs, hashed.digests(), stepIdentity,
                    options.name().orElse(null));
            JobRecorder.Recorded recorded = JobRecorder.record(store, layout.roarDir(), record);
            return new RunResult(recorded.jobUid(), recorded.stepNumber(), options.type(), report.exitCode(), report,
                    recorded.inputs(), recorded.outputs(), outcome.deletions().stream().map(FileFact::path).toList(),
                    outcome.dropped(), hashed.failures(), git, Duration.between(report.start(), report.end()),
                    Duration.between(postStart, Instant.now()), captured.took(), hashed.bytesHashed(), hashed.cacheHits(), warnings);
        }
    }



    /**
     * The command started ahead of its trace, or null when that fails (the trace's own start then says why) or
     * when its stdio goes to files: those would be created or truncated before the run is known to go ahead.
     */
    private static HeldCommand startEarly(TraceRequest request) {
        TraceRequest.Stdio stdio = request.stdio();
        if (stdio.in().isPresent() || stdio.out().isPresent() || stdio.err().isPresent()) {
            return null;
        }
        try {
            return HeldCommand.start(request);
        } catch (TraceException | RuntimeException e) {
            return null;
        }
    }

    /** The store opened while the command ran; a failure to open it (a newer roar's schema, say) surfaces here, after the command. */
    private static Store joinStore(CompletableFuture<Store> opening) {
        try {
            return opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private record Captured(Map<String, Object> metadata, Duration took) {
    }

    /** The packages the job used and the machine it ran on (see EnvironmentCapture), under "packages" and "runtime". */
    private Captured captureEnvironment(TraceReport report, List<PathBytes> executed, RunOptions options) {
        Instant start = Instant.now();
        EnvironmentCapture capture = new EnvironmentCapture(layout.roarDir(), environment);
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("packages", capture.packages(report.files(), options.type()));
            out.put("runtime", capture.runtime(executed));
        } catch (RuntimeException e) {
            // The command has run: a surprise in describing its environment must not cost the job its record.
            out.put("packages", null);
            out.put("runtime", null);
            out.put("capture_error", String.valueOf(e));
        }
        return new Captured(out, Duration.between(start, Instant.now()));
    }

    private String metadata(TraceReport report, LineageFilter.Outcome outcome, FileHasher.Result hashed, RunOptions options,
                            Map<String, Object> captured) {
        Map<String, Object> tracer = new LinkedHashMap<>();
        tracer.put("backend", report.backend());
        tracer.put("events", report.events());
        tracer.put("events_dropped", report.eventsDropped());
        tracer.put("unresolved_paths", report.unresolvedPaths());
        List<Map<String, Object>> processes = new ArrayList<>();
        for (TracedProcess p : report.processes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", p.pid());
            row.put("parent_pid", p.parentPid());
            row.put("argv", p.argv());
            processes.add(row);
        }
        Map<String, Object> filtered = new LinkedHashMap<>();
        for (Map.Entry<FilterCategory, List<PathBytes>> e : outcome.dropped().entrySet()) {
            filtered.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue().size());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("argv", options.argv());
        metadata.put("cwd", workingDirectory.toString());
        metadata.put("env", SecretNames.redact(config.envVariables()));
        if (options.type() == JobType.BUILD) {
            metadata.put("observed", Map.of("inputs", outcome.inputs().size(), "outputs", outcome.outputs().size()));
        }
        metadata.putAll(captured);
        metadata.put("tracer", tracer);
        metadata.put("processes", processes);
        metadata.put("filtered", filtered);
        metadata.put("deleted", outcome.deletions().stream().map(f -> f.path().display()).toList());
        metadata.put("unhashed", hashed.failures().stream().map(f -> Map.of("path", f.path().display(), "reason", f.reason())).toList());
        return Json.compact(metadata);
    }

    private Path home() {
        return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
    }
}
