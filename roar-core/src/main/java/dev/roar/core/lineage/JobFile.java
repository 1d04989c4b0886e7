package dev.roar.core.lineage;

import dev.roar.trace.classify.PathBytes;

/** One input or output of a job: the path it was seen at and the artifact (content) it was. */
public record JobFile(PathBytes path, String artifactId, String blake3, long size) {
}
