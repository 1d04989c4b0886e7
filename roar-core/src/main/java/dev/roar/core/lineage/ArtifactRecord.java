package dev.roar.core.lineage;

import dev.roar.trace.classify.PathBytes;

import java.util.Map;

/** An artifact row: content identity, size, where it was first and last seen, and all its digests. */
public record ArtifactRecord(String id, long size, PathBytes path, PathBytes firstSeenPath, double firstSeenAt,
                             String blake3, Map<String, String> digests) {
    /** The same artifact as seen at {@code other}: content is shared by every path that holds it. */
    public ArtifactRecord at(PathBytes other) {
        return new ArtifactRecord(id, size, other, firstSeenPath, firstSeenAt, blake3, digests);
    }
}
