package dev.roar.cli;

import dev.roar.cli.config.ConfigCommand;
import dev.roar.cli.config.EnvCommand;
import dev.roar.cli.init.InitCommand;
import dev.roar.cli.lineage.DagCommand;
import dev.roar.cli.lineage.DiffCommand;
import dev.roar.cli.lineage.LabelCommand;
import dev.roar.cli.lineage.LogCommand;
import dev.roar.cli.lineage.PopCommand;
import dev.roar.cli.lineage.ReproduceCommand;
import dev.roar.cli.lineage.ResetCommand;
import dev.roar.cli.lineage.ShowCommand;
import dev.roar.cli.lineage.StatusCommand;
import dev.roar.cli.lineage.WorkflowCommand;
import dev.roar.cli.run.RunCommand;
import dev.roar.cli.tracer.TracerCommand;
import dev.roar.core.run.JobType;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the command tree for one invocation and runs it. */
public final class RoarCli {
    private RoarCli() {
    }

    /**
     * The tree for these arguments. Picocli reads every command's annotations when it is added, about
     * 100 ms for the whole tree on a cold JVM: when the first argument names a command (or asks for the
     * version), only that command is built. Anything else (help, a typo to suggest a command for) gets the full tree.
     */
    public static CommandLine commandLine(CliContext context, String[] args) {
        Map<String, Supplier<Object>> commands = commands(context);
        CommandLine cli = new CommandLine(new RoarCommand());
        String first = args.length > 0 ? args[0] : "";
        if (commands.containsKey(first)) {
            add(cli, first, commands.get(first).get());
        } else if (!first.equals("--version") && !first.equals("-V")) {
            commands.forEach((name, command) -> add(cli, name, command.get()));
        }
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandGroups());
        cli.getHelpSectionMap().remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING);
        ErrorReporter errors = new ErrorReporter(context.environment());
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Footers are written as lines of up to ~105 columns; picocli's default 80 would re-wrap them mid-sentence.
        cli.setUsageHelpWidth(110);
        return cli;
    }

    /** Every command, in the order `roar --help` lists them; each built only when asked for. */
    private static Map<String, Supplier<Object>> commands(CliContext context) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("init", () -> new InitCommand(context));
        commands.put("run", () -> runCommand(context, JobType.RUN));
        commands.put("build", () -> runCommand(context, JobType.BUILD));
        commands.put("status", () -> new StatusCommand(context));
        commands.put("log", () -> new LogCommand(context));
        commands.put("dag", () -> new DagCommand(context));
        commands.put("pop", () -> new PopCommand(context));
        commands.put("reset", () -> new ResetCommand(context));
        commands.put("show", () -> new ShowCommand(context));
        commands.put("diff", () -> new DiffCommand(context));
        commands.put("reproduce", () -> new ReproduceCommand(context));
        commands.put("label", () -> LabelCommand.commandLine(context));
        commands.put("workflow", () -> WorkflowCommand.commandLine(context));
        commands.put("config", () -> ConfigCommand.commandLine(context));
        commands.put("env", () -> EnvCommand.commandLine(context));
        commands.put("tracer", () -> TracerCommand.commandLine(context));
        return commands;
    }

    private static CommandLine runCommand(CliContext context, JobType type) {
        CommandLine run = new CommandLine(new RunCommand(context, type));
        // Everything from the command's first word on belongs to the command, options included.
        run.setStopAtPositional(true);
        if (type == JobType.BUILD) {
            run.getCommandSpec().name("build");
            run.getCommandSpec().usageMessage().description(
                    "Run an environment set-up command (pip install, make, ...) under the tracer and record it as build step @BN.");
        }
        return run;
    }

    private static void add(CommandLine cli, String name, Object command) {
        if (command instanceof CommandLine line) {
            cli.addSubcommand(name, line);
        } else {
            cli.addSubcommand(name, command);
        }
    }

    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(context, args);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
