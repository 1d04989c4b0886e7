package dev.roar.cli;

import dev.roar.core.RoarException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;

/**
 * How failures reach the user: a known problem ({@link RoarException}) is one line naming it and
 * its fix, exit 1; a usage mistake is one line plus where to read more, exit 2; anything else is a
 * bug, reported as such (with the stack trace when ROAR_DEBUG is set).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;
    private final Map<String, String> environment;

    ErrorReporter(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof RoarException known) {
            err.println("Error: " + known.getMessage() + known.hint().map(h -> " " + h).orElse(""));
            known.details().forEach(err::println);
            if (debug() && known.getCause() != null) {
                known.getCause().printStackTrace(err);
            }
        } else {
            err.println("Error: internal error in roar (" + e + "). This is a bug; rerun with ROAR_DEBUG=1 for the trace.");
            if (debug()) {
                e.printStackTrace(err);
            }
        }
        err.flush();
        return EXIT_ERROR;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("Error: " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            var suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        }
        err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return EXIT_USAGE;
    }

    private boolean debug() {
        String value = environment.get("ROAR_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
