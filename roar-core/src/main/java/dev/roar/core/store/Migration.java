package dev.roar.core.store;

import java.util.List;

/** One step of the schema's history: applying it moves a store from {@code version - 1} to {@code version}. */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1, got " + version);
        }
        statements = List.copyOf(statements);
    }
}
