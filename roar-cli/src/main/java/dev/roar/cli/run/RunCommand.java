package dev.roar.cli.run;

import dev.roar.cli.CliContext;
import dev.roar.core.RoarException;
import dev.roar.core.config.ConfigLoader;
import dev.roar.core.config.RoarConfig;
import dev.roar.core.hash.HashAlgorithm;
import dev.roar.core.project.ProjectLayout;
import dev.roar.core.project.ProjectLocator;
import dev.roar.core.lineage.StepRef;
import dev.roar.core.run.CommandNotFoundException;
import dev.roar.core.run.JobType;
import dev.roar.core.run.RunOptions;
import dev.roar.core.run.RunResult;
import dev.roar.core.run.RunService;
import dev.roar.trace.TraceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** `roar run COMMAND...`: run a pipeline step under the tracer and record its lineage. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a command, tracing every file it reads and writes, and record it as a pipeline step.",
        footer = {"", "Everything after the first word that is not a roar option is the command, as typed:",
                "  roar run python train.py --lr=0.01",
                "roar exits with the command's exit code (128+signal if it was killed). The working tree must be",
                "clean (committed), so the job's code is exactly a git commit. Ctrl-C reaches the command; a second",
                "Ctrl-C stops it and exits 130 after recording what it can. The command starts as it would without",
                "roar: same stdio, descriptors, environment, open-files limit and ignored signals (nohup works).",
                "",
                "Re-run a recorded step with 'roar run @N [--key=value ...]' (@BN for a build step): each --key=value",
                "replaces that option in the step's command, or is appended. If a step upstream of @N is stale, roar",
                "asks first (-y: don't ask)."})
public final class RunCommand implements Callable<Integer> {
    private final CliContext context;
    private final JobType type;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "One summary line after the command.")
    boolean quiet;

    @Option(names = "-v", description = "More detail: every file, tracer statistics. -vv also lists what each filter dropped.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--tracer", paramLabel = "BACKEND", description = "Tracer backend: auto (eBPF, else ptrace), ebpf or ptrace (default: config tracer.default).")
    String tracer;

    @Option(names = "--hash", paramLabel = "ALGO", description = "Extra digest for every input and output, besides BLAKE3: sha256, sha512 or md5. Repeatable.")
    List<String> hashes = new ArrayList<>();

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name this step.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "With @N: run even when a step upstream is stale, without asking.")
    boolean yes;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, or @N/@BN [--key=value ...] to re-run a step.")
    List<String> command = new ArrayList<>();

    public RunCommand(CliContext context, JobType type) {
        this.context = context;
        this.type = type;
    }

    @Override
    public Integer call() {
        ProjectLayout layout = ProjectLocator.require(context.workingDirectory());
        RoarConfig config = ConfigLoader.load(layout, context.environment());
        PrintWriter err = spec.commandLine().getErr();
        config.warnings().forEach(w -> err.println("roar: warning: " + w));
        Set<HashAlgorithm> extra = EnumSet.noneOf(HashAlgorithm.class);
        for (String id : hashes) {
            HashAlgorithm algorithm = HashAlgorithm.fromId(id)
                    .orElseThrow(() -> new RoarException("Unknown hash algorithm '" + id + "'.", "Use sha256, sha512 or md5 (BLAKE3 is always computed)."));
            extra.add(algorithm);
        }
        List<String> argv = command;
        JobType jobType = type;
        java.nio.file.Path directory = context.workingDirectory();
        if (StepRef.looksLikeStep(command.getFirst())) {
            StepRerun rerun = StepRerun.plan(layout, context, command, yes, spec);
            argv = rerun.argv();
            jobType = rerun.type();
            directory = rerun.directory();
            err.println("Re-running " + rerun.step() + ": " + dev.roar.core.run.ShellWords.join(argv));
            err.flush();
        }
        RunService service = new RunService(layout, config, context.environment(), directory);
        Interrupts interrupts = Interrupts.install(context.host(), service, err);
        RunResult result;
        try {
            result = service.run(new RunOptions(argv, Optional.ofNullable(tracer), extra, Optional.ofNullable(name),
                    jobType, TraceRequest.Stdio.INHERIT, true, context.host().starter()));
        } catch (CommandNotFoundException e) {
            err.println("roar: command not found: " + e.command() + " (nothing was run or recorded)");
            err.flush();
            return 127;
        } finally {
            interrupts.uninstall();
        }
        int verbosity = quiet || config.bool("output.quiet") || config.text("output.verbosity").equals("quiet") ? -1
                : Math.max(verbose.length, switch (config.text("output.verbosity")) {
                    case "verbose" -> 1;
                    case "debug" -> 2;
                    default -> 0;
                });
        new RunReportPresenter(layout, err).print(result, verbosity);
        if ("1".equals(context.environment().get("ROAR_TIMING"))) {
            err.println("ROAR_TIMING:" + Timing.json(result, context.host().pid()));
            err.flush();
        }
        if (interrupts.aborted()) {
            err.println("roar: interrupted; the job was recorded with exit " + result.exitCode());
            err.flush();
            return 130;
        }
        return result.exitCode();
    }
}
