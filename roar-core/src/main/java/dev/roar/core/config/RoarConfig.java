package dev.roar.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/** The effective configuration of a project: every schema key resolved through the layers. */
public record RoarConfig(SequencedMap<String, ConfigValue> values, List<EnvEntry> env, List<String> warnings) {
    public RoarConfig {
        values = java.util.Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
        env = List.copyOf(env);
        warnings = List.copyOf(warnings);
    }

    public ConfigValue value(String name) {
        ConfigValue value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("not a config key: " + name);
        }
        return value;
    }

    public boolean bool(String name) {
        return (Boolean) value(name).value();
    }

    public String text(String name) {
        return (String) value(name).value();
    }

    @SuppressWarnings("unchecked")
    public List<String> textList(String name) {
        return (List<String>) value(name).value();
    }

    /** The [env] table as a map, highest layer winning. */
    public Map<String, String> envVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach(e -> out.put(e.name(), e.value()));
        return out;
    }
}
