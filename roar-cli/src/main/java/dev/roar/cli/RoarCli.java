package dev.roar.cli;

import dev.roar.cli.config.ConfigCommand;
import dev.roar.cli.config.EnvCommand;
import dev.roar.cli.init.InitCommand;
import dev.roar.cli.lineage.DagCommand;
import dev.roar.cli.lineage.DiffCommand;
import dev.roar.cli.lineage.LabelCommand;
import dev.roar.cli.lineage.LogCommand;
import dev.roar.cli.lineage.PopCommand;
import dev.roar.cli.lineage.ResetCommand;
import dev.roar.cli.lineage.ShowCommand;
import dev.roar.cli.lineage.StatusCommand;
import dev.roar.cli.lineage.WorkflowCommand;
import dev.roar.cli.run.RunCommand;
import dev.roar.cli.tracer.TracerCommand;
import dev.roar.core.run.JobType;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Builds the command tree for one invocation and runs it. */
public final class RoarCli {
    private RoarCli() {
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new RoarCommand());
        cli.addSubcommand("init", new InitCommand(context));
        CommandLine run = new CommandLine(new RunCommand(context, JobType.RUN));
        // Everything from the command's first word on belongs to the command, options included.
        run.setStopAtPositional(true);
        cli.addSubcommand("run", run);
        CommandLine build = new CommandLine(new RunCommand(context, JobType.BUILD));
        build.setStopAtPositional(true);
        build.getCommandSpec().name("build");
        build.getCommandSpec().usageMessage().description(
                "Run an environment set-up command (pip install, make, ...) under the tracer and record it as build step @BN.");
        cli.addSubcommand("build", build);
        cli.addSubcommand("status", new StatusCommand(context));
        cli.addSubcommand("log", new LogCommand(context));
        cli.addSubcommand("dag", new DagCommand(context));
        cli.addSubcommand("pop", new PopCommand(context));
        cli.addSubcommand("reset", new ResetCommand(context));
        cli.addSubcommand("show", new ShowCommand(context));
        cli.addSubcommand("diff", new DiffCommand(context));
        cli.addSubcommand("label", LabelCommand.commandLine(context));
        cli.addSubcommand("workflow", WorkflowCommand.commandLine(context));
        cli.addSubcommand("config", ConfigCommand.commandLine(context));
        cli.addSubcommand("env", EnvCommand.commandLine(context));
        cli.addSubcommand("tracer", TracerCommand.commandLine(context));
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandGroups());
        cli.getHelpSectionMap().remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING);
        ErrorReporter errors = new ErrorReporter(context.environment());
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(context);
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
