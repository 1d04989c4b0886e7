package dev.roar.core.config;

import dev.roar.core.RoarException;
import dev.roar.core.project.ProjectLayout;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the configuration through its layers, lowest first: built-in defaults, the committed
 * {@code .roarconfig} at the repo root, the project's {@code .roar/config.toml}, then
 * {@code ROAR_<SECTION>__<KEY>} environment variables. A value of the wrong type is an error that
 * names where it was written; an unknown key is a warning, so a typo does not pass in silence.
 */
public final class ConfigLoader {
    /** Older spellings the original roar still honours, below the canonical variable. */
    private static final Map<String, List<String>> LEGACY_VARIABLES = Map.of(
            "glaas.url", List.of("GLAAS_URL", "ROAR_GLAAS_URL"),
            "glaas.key", List.of("ROAR_SSH_KEY"));

    private ConfigLoader() {
    }

    public static RoarConfig load(ProjectLayout layout, Map<String, String> environment) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (ConfigKey key : ConfigSchema.keys()) {
            values.put(key.name(), new ConfigValue(key, key.defaultValue(), "default"));
        }
        Map<String, EnvEntry> env = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        applyFile(layout.sharedConfigFile(), ".roarconfig", values, env, warnings);
        applyFile(layout.configFile(), ".roar/config.toml", values, env, warnings);
        applyEnvironment(environment, values);

        return new RoarConfig(new LinkedHashMap<>(values), List.copyOf(env.values()), warnings);
    }

    private static void applyFile(Path file, String label, Map<String, ConfigValue> values,
                                  Map<String, EnvEntry> env, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text = TomlFiles.text(file);
        if (TomlFiles.declaresNoKeys(text)) {
            return;
        }
        TomlParseResult toml = TomlFiles.parse(file, text);
        for (ConfigKey key : ConfigSchema.keys()) {
            Object raw = toml.get(List.of(key.name().split("\\.")));
            if (raw == null) {
                continue;
            }
            Object value = key.type().fromToml(raw).orElseThrow(() -> new RoarException(
                    location(file, toml.inputPositionOf(List.of(key.name().split("\\."))))
                            + ": " + key.name() + " must be " + key.type().expected() + ", not " + describe(raw) + ".",
                    "Fix the value, or run: roar config set " + key.name() + " VALUE"));
            values.put(key.name(), new ConfigValue(key, value, label));
        }
        readEnvTable(file, label, toml, env);
        for (String dotted : toml.dottedKeySet()) {
            if (dotted.equals("env") || dotted.startsWith("env.") || ConfigSchema.find(dotted).isPresent()) {
                continue;
            }
            if (toml.get(List.of(dotted.split("\\."))) instanceof TomlTable) {
                continue;
            }
            String suggestion = ConfigSchema.closest(dotted).map(k -> " (did you mean " + k.name() + "?)").orElse("");
            warnings.add(location(file, toml.inputPositionOf(dotted)) + ": unknown key " + dotted + suggestion
                    + "; it is ignored");
        }
    }

    private static void readEnvTable(Path file, String label, TomlParseResult toml, Map<String, EnvEntry> env) {
        Object table = toml.get("env");
        if (table == null) {
            return;
        }
        if (!(table instanceof TomlTable envTable)) {
            throw new RoarException(location(file, toml.inputPositionOf("env"))
                    + ": env must be a table of NAME = \"value\" pairs.", "Write it as [env] followed by NAME = \"value\" lines.");
        }
        for (String name : envTable.keySet()) {
            Object value = envTable.get(List.of(name));
            if (!(value instanceof String || value instanceof Long || value instanceof Boolean || value instanceof Double)) {
                throw new RoarException(location(file, envTable.inputPositionOf(List.of(name)))
                        + ": env." + name + " must be a string, not " + describe(value) + ".",
                        "Write it as " + name + " = \"value\".");
            }
            env.remove(name); // a higher layer's entry moves to the end, where `env list` shows it
            env.put(name, new EnvEntry(name, String.valueOf(value), label));
        }
    }

    private static void applyEnvironment(Map<String, String> environment, Map<String, ConfigValue> values) {
        for (ConfigKey key : ConfigSchema.keys()) {
            List<String> names = new ArrayList<>(LEGACY_VARIABLES.getOrDefault(key.name(), List.of()));
            names.add(key.environmentVariable());
            for (String variable : names) {
                String text = environment.get(variable);
                if (text == null) {
                    continue;
                }
                Object value = key.type().parse(text).orElseThrow(() -> new RoarException(
                        "Environment variable " + variable + "=" + text + ": " + key.name() + " must be "
                                + key.type().expected() + ".",
                        "Fix or unset " + variable + "."));
                values.put(key.name(), new ConfigValue(key, value, variable));
            }
        }
    }

    private static String location(Path file, TomlPosition position) {
        return position == null ? file.toString() : file + ":" + position.line() + ":" + position.column();
    }

    private static String describe(Object raw) {
        return switch (raw) {
            case String s -> "the string " + TomlLiterals.string(s);
            case Boolean b -> "the boolean " + b;
            case Long l -> "the integer " + l;
            case Double d -> "the number " + d;
            case TomlTable t -> "a table";
            case org.tomlj.TomlArray a -> "an array";
            default -> Optional.ofNullable(raw).map(Object::toString).orElse("nothing");
        };
    }
}
