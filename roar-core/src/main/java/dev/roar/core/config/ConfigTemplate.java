package dev.roar.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * The commented {@code .roar/config.toml} that {@code roar init} writes: every key, commented out at
 * its default, so the file documents itself and nothing in it overrides {@code .roarconfig}.
 */
public final class ConfigTemplate {
    private ConfigTemplate() {
    }

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# roar project configuration (this clone only; .roar/ is not committed).\n")
           .append("# Precedence, lowest first: built-in defaults < .roarconfig at the repo root (committed)\n")
           .append("#   < this file < ROAR_<SECTION>__<KEY> environment variables, e.g. ROAR_OUTPUT__QUIET=true.\n")
           .append("# Every key is shown commented out at its default. Uncomment to change one, or run\n")
           .append("#   roar config set KEY VALUE      and see them all with   roar config list\n");
        Map<String, List<ConfigKey>> bySection = new LinkedHashMap<>();
        for (ConfigKey key : ConfigSchema.keys()) {
            bySection.computeIfAbsent(key.section(), s -> new ArrayList<>()).add(key);
        }
        bySection.forEach((section, keys) -> {
            out.append("\n[").append(section).append("]\n");
            for (ConfigKey key : keys) {
                out.append("# ").append(key.description()).append('\n');
                out.append("# ").append(TomlLiterals.key(key.leaf())).append(" = ")
                   .append(key.type().toToml(key.defaultValue())).append('\n');
            }
        });
        out.append("\n# Environment variables set for every traced command (roar env set NAME VALUE).\n")
           .append("[env]\n");
        return out.toString();
    }
}
