package dev.roar.core.run;

import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileDigests;
import dev.roar.trace.classify.PathBytes;

import java.util.List;
import java.util.Map;

/** Everything one job writes to the store, gathered before the single transaction that writes it. */
public record JobRecord(String jobUid, JobType type, String command, double startedAt, double durationSeconds,
                        int exitCode, GitState git, String tracerBackend, long eventsDropped, String metadataJson,
                        List<PathBytes> inputs, List<PathBytes> outputs, Map<PathBytes, FileDigests> digests,
                        String stepIdentity, String name) {
}
