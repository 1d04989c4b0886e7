package dev.roar.cli.config;

import dev.roar.cli.CliContext;
import dev.roar.core.json.Json;
import dev.roar.core.RoarException;
import dev.roar.core.config.ConfigKey;
import dev.roar.core.config.ConfigSchema;
import dev.roar.core.config.ConfigValue;
import dev.roar.core.config.ProjectConfigFile;
import dev.roar.core.config.RoarConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** `roar config list|get|set`. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show and change settings (defaults < .roarconfig < .roar/config.toml < ROAR_* env).")
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public static CommandLine commandLine(CliContext context) {
        CommandLine config = new CommandLine(new ConfigCommand());
        config.addSubcommand("list", new ListCommand(context));
        config.addSubcommand("get", new GetCommand(context));
        config.addSubcommand("set", new SetCommand(context));
        return config;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ConfigKey requireKey(String name) {
        return ConfigSchema.find(name).orElseThrow(() -> new RoarException(
                "Unknown config key '" + name + "'.",
                ConfigSchema.closest(name).map(k -> "Did you mean " + k.name() + "? ").orElse("")
                        + "Valid keys: " + ConfigSchema.keys().stream().map(ConfigKey::name)
                        .collect(Collectors.joining(", ")) + "."));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every key with its value, where the value came from, and what it does.")
    static final class ListCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print a JSON array of {key, value, source, type, description}.")
        boolean json;

        ListCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            RoarConfig config = ProjectConfig.load(context, spec.commandLine().getErr()).config();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ConfigValue value : config.values().values()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key", value.key().name());
                    row.put("value", value.value());
                    row.put("source", value.source());
                    row.put("type", value.key().type().expected());
                    row.put("description", value.key().description());
                    rows.add(row);
                }
                out.println(Json.write(rows));
                return;
            }
            int keyWidth = width(config, v -> v.key().name(), "KEY");
            int valueWidth = Math.min(28, width(config, ConfigValue::display, "VALUE"));
            int sourceWidth = width(config, ConfigValue::source, "SOURCE");
            String format = "%-" + keyWidth + "s  %-" + valueWidth + "s  %-" + sourceWidth + "s  %s%n";
            out.printf(format, "KEY", "VALUE", "SOURCE", "DESCRIPTION");
            for (ConfigValue value : config.values().values()) {
                out.printf(format, value.key().name(), value.display(), value.source(), value.key().description());
            }
        }

        private static int width(RoarConfig config, java.util.function.Function<ConfigValue, String> column, String title) {
            return Math.max(title.length(), config.values().values().stream().map(column).mapToInt(String::length).max().orElse(0));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one key's effective value.")
    static final class GetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "KEY", description = "A key such as output.quiet (see 'roar config list').")
        String key;

        GetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ConfigKey configKey = requireKey(key);
            ConfigValue value = ProjectConfig.load(context, spec.commandLine().getErr()).config().value(configKey.name());
            spec.commandLine().getOut().println(configKey.name() + ": " + value.display());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Write a key to .roar/config.toml, checked against its type.")
    static final class SetCommand implements Runnable {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "A key such as output.quiet (see 'roar config list').")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "The new value: true/false, a number, text, or a,b,c for lists.")
        String value;

        SetCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ConfigKey configKey = requireKey(key);
            ProjectConfig project = ProjectConfig.load(context, spec.commandLine().getErr());
            Object stored = new ProjectConfigFile(project.layout().configFile()).set(configKey, value);
            spec.commandLine().getOut().println("Set " + configKey.name() + " = " + configKey.type().display(stored));
            String variable = configKey.environmentVariable();
            if (context.environment().containsKey(variable)) {
                spec.commandLine().getErr().println("Note: " + variable + "=" + context.environment().get(variable)
                        + " in your environment overrides this value.");
            }
        }
    }
}
