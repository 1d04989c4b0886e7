package dev.roar.trace;

import dev.roar.trace.classify.FileFact;

import java.time.Instant;
import java.util.List;

/**
 * What a traced run did. {@code exitCode} is the command's, 128+signal when it was killed.
 * {@code eventsDropped} counts events a backend lost (a run that lost any must say so);
 * {@code unresolvedPaths} counts relative paths whose directory could not be known;
 * {@code consumerNanos} is the time the event consumer spent decoding and classifying (its capacity:
 * events / consumerNanos).
 */
public record TraceReport(String backend, int exitCode, List<FileFact> files, List<TracedProcess> processes,
                          long events, long eventsDropped, long unresolvedPaths, Instant start, Instant end,
                          long consumerNanos) {
    public TraceReport {
        files = List.copyOf(files);
        processes = List.copyOf(processes);
    }
}
