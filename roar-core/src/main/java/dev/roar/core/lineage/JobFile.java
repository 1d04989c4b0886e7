package dev.roar.core.lineage;

import dev.roar.trace.classify.PathBytes;

/** One input or output of a job: the path it was seen at and the artifact (content) it was. */
public record JobFile(PathBytes path, String artifactId, String blake3, long size) {
    /** By path bytes. One lambda rather than Comparator.comparing's key extractor: tens of thousands of files are sorted
     * by commands that run on the quick compiler, which inlines less. */
    public static final java.util.Comparator<JobFile> BY_PATH = (a, b) -> a.path().compareTo(b.path());
}
