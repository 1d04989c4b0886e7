package dev.roar.core.config;

/** One setting: its dotted name ("output.quiet"), type, built-in default and what it does. */
public record ConfigKey(String name, ConfigType type, Object defaultValue, String description) {
    public ConfigKey {
        if (!name.contains(".")) {
            throw new IllegalArgumentException("config keys live in a section: " + name);
        }
    }

    /** The TOML table holding the key: "registration.omit" for "registration.omit.enabled". */
    public String section() {
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** The key's name inside its table: "enabled" for "registration.omit.enabled". */
    public String leaf() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The environment variable that overrides it: ROAR_OUTPUT__QUIET. */
    public String environmentVariable() {
        return "ROAR_" + name.replace(".", "__").toUpperCase(java.util.Locale.ROOT);
    }
}
