package dev.roar.cli;

import dev.roar.cli.config.ConfigCommand;
import dev.roar.cli.config.EnvCommand;
import dev.roar.cli.init.InitCommand;
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
