package dev.roar.core.run;

import dev.roar.core.hash.FileDigests;
import dev.roar.core.store.Session;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a job, its artifacts and its input/output links in one transaction: a crash or a second
 * roar never sees half a job. Artifacts are content-addressed: the same bytes at two paths, or in
 * two jobs, are one artifact.
 */
public final class JobRecorder {
    public record Recorded(long jobId, String jobUid, int stepNumber, List<RecordedFile> inputs, List<RecordedFile> outputs) {
    }

    private JobRecorder() {
    }

    public static String newJobUid() {
        return HexFormat.of().formatHex(KernelRandom.bytes(4));
    }

    public static Recorded record(Store store, Path roarDir, JobRecord job) {
        Session session = store.sessions().ensureActive(roarDir);
        return store.transaction(c -> {
            int step = stepNumber(c, session.id(), job);
            long jobId;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO jobs (job_uid, timestamp, command, step_identity, session_id, step_number, step_name,
                      git_repo, git_commit, git_branch, duration_seconds, exit_code, job_type, metadata, tracer_backend,
                      events_dropped, execution_backend)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'local')""")) {
                insert.setString(1, job.jobUid());
                insert.setDouble(2, job.startedAt());
                insert.setString(3, job.command());
                insert.setString(4, job.stepIdentity());
                insert.setLong(5, session.id());
                insert.setInt(6, step);
                insert.setString(7, job.name());
                insert.setString(8, job.git().remoteUrl().orElse(null));
                insert.setString(9, job.git().commit().orElse(null));
                insert.setString(10, job.git().branch().orElse(null));
                insert.setDouble(11, job.durationSeconds());
                insert.setInt(12, job.exitCode());
                insert.setString(13, job.type().id());
                insert.setString(14, job.metadataJson());
                insert.setString(15, job.tracerBackend());
                insert.setLong(16, job.eventsDropped());
                insert.executeUpdate();
            }
            jobId = lastId(c);
            List<RecordedFile> inputs = link(c, jobId, "job_inputs", job.inputs(), job.digests(), job.startedAt());
            List<RecordedFile> outputs = link(c, jobId, "job_outputs", job.outputs(), job.digests(), job.startedAt());
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE sessions SET current_step = max(current_step, ?), git_commit_end = ?, "
                            + "git_commit_start = coalesce(git_commit_start, ?), git_repo = coalesce(git_repo, ?) WHERE id = ?")) {
                update.setInt(1, job.type() == JobType.RUN ? step : 0);
                update.setString(2, job.git().commit().orElse(null));
                update.setString(3, job.git().commit().orElse(null));
                update.setString(4, job.git().remoteUrl().orElse(null));
                update.setLong(5, session.id());
                update.executeUpdate();
            }
            return new Recorded(jobId, job.jobUid(), step, inputs, outputs);
        });
    }

    /** The step this job belongs to: an earlier job's, when it has the same identity; else the next number. */
    private static int stepNumber(Connection c, long sessionId, JobRecord job) throws SQLException {
        try (PreparedStatement same = c.prepareStatement(
                "SELECT step_number FROM jobs WHERE session_id = ? AND job_type = ? AND step_identity = ? ORDER BY id DESC LIMIT 1")) {
            same.setLong(1, sessionId);
            same.setString(2, job.type().id());
            same.setString(3, job.stepIdentity());
            try (ResultSet r = same.executeQuery()) {
                if (r.next()) {
                    return r.getInt(1);
                }
            }
        }
        try (PreparedStatement max = c.prepareStatement(
                "SELECT coalesce(max(step_number), 0) FROM jobs WHERE session_id = ? AND job_type = ?")) {
            max.setLong(1, sessionId);
            max.setString(2, job.type().id());
            try (ResultSet r = max.executeQuery()) {
                r.next();
                return r.getInt(1) + 1;
            }
        }
    }

    private static List<RecordedFile> link(Connection c, long jobId, String table, List<PathBytes> paths,
                                           Map<PathBytes, FileDigests> digests, double now) throws SQLException {
        List<PathBytes> hashed = paths.stream().filter(digests::containsKey).toList();
        // In digest order, so that new artifacts get ascending ids in it too (see ArtifactRegistry).
        record Keyed(String blake3, PathBytes path) {
        }
        List<PathBytes> byDigest = hashed.stream().map(p -> new Keyed(digests.get(p).blake3(), p))
                .sorted(Comparator.comparing(Keyed::blake3).thenComparing(Keyed::path)).map(Keyed::path).toList();
        List<ArtifactRegistry.Registered> artifacts = new ArtifactRegistry(c).register(byDigest, digests, now);
        Map<PathBytes, RecordedFile> recorded = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT OR IGNORE INTO " + table + " (job_id, artifact_id, path, hash, size) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < byDigest.size(); i++) {
                PathBytes path = byDigest.get(i);
                FileDigests d = digests.get(path);
                ArtifactRegistry.Registered artifact = artifacts.get(i);
                insert.setLong(1, jobId);
                insert.setString(2, artifact.id());
                insert.setBytes(3, path.toByteArray());
                insert.setString(4, artifact.hash());
                insert.setLong(5, artifact.size());
                insert.addBatch();
                recorded.put(path, new RecordedFile(path, d.stat().size(), d.blake3(), artifact.id()));
            }
            if (!byDigest.isEmpty()) {
                insert.executeBatch();
            }
        }
        return hashed.stream().map(recorded::get).toList();
    }

    private static long lastId(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
