package dev.roar.core.lineage;

import dev.roar.core.run.JobType;

/** A recorded job as the lineage commands read it back. */
public record LineageJob(long id, String uid, long sessionId, JobType type, int stepNumber, String command,
                         double timestamp, double durationSeconds, int exitCode, String stepIdentity,
                         String stepName, String gitRepo, String gitCommit, String gitBranch,
                         String tracerBackend, long eventsDropped, String metadata) {
    public StepRef step() {
        return new StepRef(type, stepNumber);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
