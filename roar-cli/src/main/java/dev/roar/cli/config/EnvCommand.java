package dev.roar.cli.config;

import dev.roar.cli.CliContext;
import dev.roar.core.json.Json;
import dev.roar.core.RoarException;
import dev.roar.core.config.EnvEntry;
import dev.roar.core.config.ProjectConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `roar env set|get|list|unset`: variables injected into every traced command ([env] in the config). */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Environment variables set for every traced command, stored in .roar/config.toml [env].")
public final class EnvCommand implements Runnable {
    private static final String PROJECT_FILE = ".roar/config.toml";

    @Spec
    CommandSpec spec;

    public static CommandLine commandLine(CliContext context) {
        CommandLine env = new CommandLine(new EnvCommand());
        env.addSubcommand("set", new SetCommand(context));
        env.addSubcommand("get", new GetCommand(context));
        env.addSubcommand("list", new ListCommand(context));
        env.addSubcommand("unset", new UnsetCommand(context));
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static EnvEntry find(ProjectConfig project, String name) {
        return project.config().env().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new RoarException(name + " is not set in roar's env.",
                        "See 'roar env list', or set it with 'roar env set " + name + " VALUE'."));
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set NAME to VALUE for every traced command.")
    static final class SetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        SetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ProjectConfig project = ProjectConfig.load(context, spec.commandLine().getErr());
            new ProjectConfigFile(project.layout().configFile()).setEnv(name, value);
            spec.commandLine().getOut().println("Set " + name + "=" + value);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of NAME.")
    static final class GetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        GetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ProjectConfig project = ProjectConfig.load(context, spec.commandLine().getErr());
            spec.commandLine().getOut().println(find(project, name).value());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every variable, as NAME=VALUE.")
    static final class ListCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print a JSON array of {name, value, source}.")
        boolean json;

        ListCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<EnvEntry> entries = ProjectConfig.load(context, spec.commandLine().getErr()).config().env();
            if (json) {
                out.println(Json.write(entries.stream().map(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", e.name());
                    row.put("value", e.value());
                    row.put("source", e.source());
                    return row;
                }).toList()));
                return;
            }
            if (entries.isEmpty()) {
                out.println("No environment variables set.");
                return;
            }
            for (EnvEntry entry : entries) {
                out.println(entry.name() + "=" + entry.value()
                        + (entry.source().equals(PROJECT_FILE) ? "" : "    (from " + entry.source() + ")"));
            }
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove NAME from .roar/config.toml.")
    static final class UnsetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        UnsetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ProjectConfig project = ProjectConfig.load(context, spec.commandLine().getErr());
            EnvEntry entry = find(project, name);
            if (!new ProjectConfigFile(project.layout().configFile()).unsetEnv(name)) {
                throw new RoarException(name + " is set in " + entry.source() + ", not in " + PROJECT_FILE + ".",
                        "Edit " + entry.source() + " to remove it there.");
            }
            spec.commandLine().getOut().println("Unset " + name);
        }
    }
}
