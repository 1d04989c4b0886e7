package dev.roar.core.env;

import dev.roar.core.AtomicFile;
import dev.roar.core.json.Json;
import dev.roar.core.json.JsonReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object kept under .roar/ to save re-running slow probes (dpkg -S, nvidia-smi). Only ever a cache:
 * a missing, unreadable or corrupt file reads as empty, and a failed write is ignored. Writes are atomic
 * (AtomicFile), so a concurrent roar reads the old or the new file, never half of one.
 */
final class JsonCacheFile {
    private final Path file;

    JsonCacheFile(Path file) {
        this.file = file;
    }

    Map<String, Object> read() {
        try {
            return new LinkedHashMap<>(JsonReader.object(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    void write(Map<String, Object> content) {
        try {
            AtomicFile.write(file, Json.write(content));
        } catch (IOException | RuntimeException e) {
            // The next job probes again; nothing else depends on the cache.
        }
    }
}
