package dev.roar.core.lineage;

import dev.roar.core.store.Session;

/** What a reference on the command line names: a job, an artifact or a session. */
public sealed interface Target {
    record JobTarget(LineageJob job) implements Target {
    }

    /** {@code path}: the path the user named it by, or the artifact's latest path. */
    record ArtifactTarget(ArtifactRecord artifact) implements Target {
    }

    record SessionTarget(Session session) implements Target {
    }
}
