package dev.roar.trace.classify;

/**
 * What one job did to one path, over the whole trace. The classification rules of the tracing
 * contract are answered here; whether the path is a regular file that still exists is checked
 * afterwards, against the file system, by whoever turns facts into lineage.
 */
public record FileFact(PathBytes path, boolean readBeforeWrite, boolean read, boolean executed, boolean modified,
                       boolean created, boolean deleted) {

    /** Its bytes as they were before the job were consumed: read before any write, or run as a program. */
    public boolean input() {
        return !created && (readBeforeWrite || executed);
    }

    /** The job left new content at this path: written, truncated, created, or the target of a rename/link. */
    public boolean output() {
        return !deleted && (modified || created);
    }

    /** A file that existed before the job and that the job removed. */
    public boolean deletion() {
        return deleted && !created;
    }
}
