package dev.roar.core.run;

import dev.roar.trace.classify.PathBytes;

/** An input or output as recorded: its path, size and BLAKE3 digest, and the artifact it is. */
public record RecordedFile(PathBytes path, long size, String blake3, String artifactId) {
}
