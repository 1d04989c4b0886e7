package dev.roar.core.env;

import dev.roar.core.json.Json;
import dev.roar.core.json.JsonReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object kept under .roar/ to save re-running slow probes (dpkg -S, nvidia-smi). Only ever a cache:
 * a missing, unreadable or corrupt file reads as empty, and a failed write is ignored. Writes go to a
 * temporary file renamed into place, so a concurrent roar reads the old or the new file, never half of one.
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
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, Json.write(content), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // The next job probes again; nothing else depends on the cache.
        }
    }
}
