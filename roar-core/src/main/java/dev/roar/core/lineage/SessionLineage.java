package dev.roar.core.lineage;

import dev.roar.core.store.Session;

import java.util.List;
import java.util.Map;

/** Everything recorded in one session: its jobs in recording order and each job's inputs and outputs. */
public record SessionLineage(Session session, List<LineageJob> jobs, Map<Long, List<JobFile>> inputs,
                             Map<Long, List<JobFile>> outputs) {
    public List<JobFile> inputsOf(LineageJob job) {
        return inputs.getOrDefault(job.id(), List.of());
    }

    public List<JobFile> outputsOf(LineageJob job) {
        return outputs.getOrDefault(job.id(), List.of());
    }
}
