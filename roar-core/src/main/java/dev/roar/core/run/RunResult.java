package dev.roar.core.run;

import dev.roar.core.filter.FilterCategory;
import dev.roar.core.git.GitState;
import dev.roar.core.hash.FileHasher;
import dev.roar.trace.TraceReport;
import dev.roar.trace.classify.PathBytes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a run did and what was recorded, for the report. */
public record RunResult(String jobUid, int stepNumber, JobType type, int exitCode, TraceReport trace,
                        List<RecordedFile> inputs, List<RecordedFile> outputs, List<PathBytes> deletions,
                        Map<FilterCategory, List<PathBytes>> dropped, List<FileHasher.Failure> unhashed,
                        GitState git, Duration traceTime, Duration postTime, Duration captureTime, long bytesHashed,
                        int cacheHits, List<String> warnings) {
}
