package dev.roar.core.config;

/** A key's effective value and where it came from ("default", ".roarconfig", ".roar/config.toml", "ROAR_X__Y"). */
public record ConfigValue(ConfigKey key, Object value, String source) {
    public String display() {
        return key.type().display(value);
    }
}
