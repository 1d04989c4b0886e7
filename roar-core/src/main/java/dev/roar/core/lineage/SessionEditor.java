package dev.roar.core.lineage;

import dev.roar.core.store.Session;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes to a session's history: pop (undo the last job) and reset (start a new session). The
 * store changes in one transaction first; files are touched only after it committed, and only files
 * the popped job wrote and that still hold exactly what it wrote.
 */
public final class SessionEditor {
    /** What pop did with each of the job's outputs. */
    public enum FileOutcome { DELETED, ALREADY_GONE, KEPT_CHANGED, KEPT_EARLIER_OUTPUT, DELETE_FAILED }

    public record PoppedFile(PathBytes path, FileOutcome outcome, String detail) {
    }

    public record Popped(LineageJob job, List<PoppedFile> files) {
    }

    private final Store store;
    private final Path roarDir;

    public SessionEditor(Store store, Path roarDir) {
        this.store = store;
        this.roarDir = roarDir;
    }

    /** Removes {@code job} (the session's newest) and then deletes the outputs only it wrote. */
    public Popped pop(LineageGraph graph, LineageJob job, ArtifactPresence presence) {
        List<JobFile> outputs = graph.lineage().outputsOf(job);
        Map<PathBytes, ArtifactPresence.State> onDisk = presence.check(outputs);
        List<PoppedFile> plan = new ArrayList<>();
        java.util.Set<JobFile> writtenByOthers = new java.util.HashSet<>();
        for (LineageJob other : graph.lineage().jobs()) {
            if (other.id() != job.id()) {
                writtenByOthers.addAll(graph.lineage().outputsOf(other));
            }
        }
        for (JobFile out : outputs) {
            boolean earlier = writtenByOthers.contains(out);
            ArtifactPresence.State state = onDisk.get(out.path());
            FileOutcome outcome = state == ArtifactPresence.State.MISSING ? FileOutcome.ALREADY_GONE
                    : state == ArtifactPresence.State.MODIFIED ? FileOutcome.KEPT_CHANGED
                    : earlier ? FileOutcome.KEPT_EARLIER_OUTPUT : FileOutcome.DELETED;
            plan.add(new PoppedFile(out.path(), outcome, null));
        }
        store.transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
                delete.setLong(1, job.id());
                delete.executeUpdate();
            }
            // Artifacts nothing refers to any more would only clutter hash lookups.
            try (PreparedStatement orphans = c.prepareStatement("""
                    DELETE FROM artifacts WHERE id NOT IN (SELECT artifact_id FROM job_inputs)
                      AND id NOT IN (SELECT artifact_id FROM job_outputs)
                      AND id NOT IN (SELECT artifact_id FROM labels WHERE artifact_id IS NOT NULL)""")) {
                orphans.executeUpdate();
            }
            try (PreparedStatement step = c.prepareStatement("UPDATE sessions SET current_step = "
                    + "(SELECT coalesce(max(step_number), 0) FROM jobs WHERE session_id = ? AND job_type = 'run') WHERE id = ?")) {
                step.setLong(1, job.sessionId());
                step.setLong(2, job.sessionId());
                step.executeUpdate();
            }
            return null;
        });
        List<PoppedFile> done = new ArrayList<>();
        for (PoppedFile file : plan) {
            if (file.outcome() != FileOutcome.DELETED) {
                done.add(file);
                continue;
            }
            done.add(ByteFiles.unlink(file.path()) ? file
                    : new PoppedFile(file.path(), FileOutcome.DELETE_FAILED, "permission denied or in use"));
        }
        return new Popped(job, done);
    }

    /** Deactivates the active session (kept in the store) and starts a new one. */
    public Session reset() {
        store.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE sessions SET is_active = 0 WHERE is_active = 1")) {
                q.executeUpdate();
            }
            return null;
        });
        return store.sessions().ensureActive(roarDir);
    }

    /** Jobs in a session, counted without loading them. */
    public int jobCount(long sessionId) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM jobs WHERE session_id = ?")) {
                q.setLong(1, sessionId);
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }
}
