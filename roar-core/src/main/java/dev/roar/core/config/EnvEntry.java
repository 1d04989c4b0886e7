package dev.roar.core.config;

/** A variable from a config file's [env] table, injected into every traced command. */
public record EnvEntry(String name, String value, String source) {
}
