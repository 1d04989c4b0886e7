package dev.roar.core.lineage;

import dev.roar.core.store.Session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one session recorded: its jobs in recording order and each job's inputs and outputs. A
 * dependencies-only load ({@link LineageReader#loadDependencies}) holds every input but only the outputs
 * that some input refers to, by content or by path: all that steps, dependencies and staleness depend on,
 * without reading the thousands of outputs nothing consumed. Such a lineage knows how many outputs each
 * job has, but refuses to list them.
 */
public record SessionLineage(Session session, List<LineageJob> jobs, Map<Long, List<JobFile>> inputs,
                             Map<Long, List<JobFile>> outputs, Map<Long, Integer> outputCounts, boolean outputsComplete) {

    public static SessionLineage complete(Session session, List<LineageJob> jobs, Map<Long, List<JobFile>> inputs,
                                          Map<Long, List<JobFile>> outputs) {
        Map<Long, Integer> counts = new HashMap<>();
        outputs.forEach((job, files) -> counts.put(job, files.size()));
        return new SessionLineage(session, jobs, inputs, outputs, counts, true);
    }

    public static SessionLineage dependenciesOnly(Session session, List<LineageJob> jobs, Map<Long, List<JobFile>> inputs,
                                                  Map<Long, List<JobFile>> referencedOutputs, Map<Long, Integer> outputCounts) {
        return new SessionLineage(session, jobs, inputs, referencedOutputs, outputCounts, false);
    }

    public List<JobFile> inputsOf(LineageJob job) {
        return inputs.getOrDefault(job.id(), List.of());
    }

    public List<JobFile> outputsOf(LineageJob job) {
        if (!outputsComplete) {
            throw new IllegalStateException("this lineage was loaded for dependencies only; load it in full to list outputs");
        }
        return loadedOutputsOf(job);
    }

    public int outputCount(LineageJob job) {
        return outputCounts.getOrDefault(job.id(), 0);
    }

    /** The outputs this lineage holds: all of them, or for a dependencies-only load those an input refers to. */
    List<JobFile> loadedOutputsOf(LineageJob job) {
        return outputs.getOrDefault(job.id(), List.of());
    }
}
