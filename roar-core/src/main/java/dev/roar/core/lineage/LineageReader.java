package dev.roar.core.lineage;

import dev.roar.core.run.JobType;
import dev.roar.core.store.PackedRow;
import dev.roar.core.store.Session;
import dev.roar.core.store.Store;
import dev.roar.trace.classify.PathBytes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads lineage back from the store. A session is loaded with one query for its jobs and one per
 * direction for their files, so a session of hundreds of jobs and tens of thousands of artifacts
 * costs three statements, not one per job.
 */
public final class LineageReader {
    private static final String JOB_COLUMNS = "j.id, j.job_uid, j.session_id, j.job_type, j.step_number, j.command, "
            + "j.timestamp, j.duration_seconds, j.exit_code, j.step_identity, j.step_name, j.git_repo, j.git_commit, "
            + "j.git_branch, j.tracer_backend, j.events_dropped, j.metadata";
    /**
     * A job file row (alias f) as one value: job id, size, hash, artifact id, path (see PackedRow). The row's own
     * copies of its artifact's hash and size (schema 3), so no read joins artifacts.
     */
    private static final String PACKED_FILE = PackedRow.number("f.job_id", 0) + PackedRow.number("f.size", 0)
            + PackedRow.text("f.hash") + PackedRow.text("f.artifact_id") + "f.path";
    private final Store store;

    public LineageReader(Store store) {
        this.store = store;
    }

    public Optional<Session> activeSession() {
        return store.sessions().active();
    }

    public List<Session> sessions() {
        return store.read(c -> {
            List<Session> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, hash, created_at, current_step, is_active FROM sessions ORDER BY id");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new Session(r.getLong(1), r.getString(2), r.getDouble(3), r.getInt(4), r.getInt(5) == 1));
                }
            }
            return out;
        });
    }

    public SessionLineage load(Session session) {
        return store.read(c -> SessionLineage.complete(session, jobs(c, session.id()), files(c, "job_inputs", session.id()),
                files(c, "job_outputs", session.id())));
    }

    /**
     * The session for its DAG only (see {@link SessionLineage}): every input, and of the outputs those that
     * share an artifact or a path with some input. That is enough: a producer is found by artifact or by path,
     * and an input is stale exactly when its producer step's latest run wrote other bytes at that path, which
     * is decided by whether it wrote the input's own artifact there. A 50k-output session whose steps pass on
     * a few files each reads a few thousand rows instead of all of them.
     */
    public SessionLineage loadDependencies(Session session) {
        return store.read(c -> {
            Map<Long, List<JobFile>> referenced = filesByJob(c, """
                    WITH ins AS (SELECT i.artifact_id, i.path FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE j.session_id = ?1)
                    SELECT %s FROM job_outputs f JOIN jobs j ON j.id = f.job_id
                    WHERE j.session_id = ?1 AND (f.artifact_id IN (SELECT artifact_id FROM ins) OR f.path IN (SELECT path FROM ins))""".formatted(PACKED_FILE),
                    session.id());
            Map<Long, Integer> counts = new HashMap<>();
            // A count per job through the primary key (job_id first), not a GROUP BY: SQLite would group every
            // output row of the session in a temporary B-tree (302 -> 69 ms on 1.15M rows).
            try (PreparedStatement q = c.prepareStatement("SELECT j.id, (SELECT count(*) FROM job_outputs f WHERE f.job_id = j.id) "
                    + "FROM jobs j WHERE j.session_id = ?")) {
                q.setLong(1, session.id());
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        counts.put(r.getLong(1), r.getInt(2));
                    }
                }
            }
            return SessionLineage.dependenciesOnly(session, jobs(c, session.id()), files(c, "job_inputs", session.id()), referenced, counts);
        });
    }

    /**
     * The session with only {@code jobs} and their inputs and outputs: what `roar status` checks. A session whose
     * steps were re-run a thousand times holds a thousand rows for each output path, of which only the latest
     * runs' matter (measured: 1.15M output rows read where 3000 were wanted, 4 s).
     */
    public SessionLineage loadJobs(Session session, List<LineageJob> jobs) {
        if (jobs.isEmpty()) {
            return SessionLineage.complete(session, List.of(), Map.of(), Map.of());
        }
        // Job ids are numbers the store assigned, so they can be spelled out in the statement.
        String ids = jobs.stream().map(j -> Long.toString(j.id())).collect(java.util.stream.Collectors.joining(","));
        return store.read(c -> SessionLineage.complete(session, jobs, filesOfJobs(c, "job_inputs", ids), filesOfJobs(c, "job_outputs", ids)));
    }

    private static Map<Long, List<JobFile>> filesOfJobs(Connection c, String table, String ids) throws SQLException {
        return filesByJob(c, "SELECT " + PACKED_FILE + " FROM " + table
                + " f WHERE f.job_id IN (" + ids + ")");
    }

    /** The session's jobs in the order they ran, without their files: what `roar log` needs. */
    public List<LineageJob> jobs(Session session) {
        return store.read(c -> jobs(c, session.id()));
    }

    private static List<LineageJob> jobs(Connection c, long sessionId) throws SQLException {
        List<LineageJob> jobs = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM jobs j WHERE j.session_id = ? ORDER BY j.id")) {
            q.setLong(1, sessionId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    jobs.add(job(r));
                }
            }
        }
        return jobs;
    }

    public Optional<LineageJob> jobByUid(String uid) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs j WHERE j.job_uid = ?")) {
                q.setString(1, uid);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(job(r)) : Optional.empty();
                }
            }
        });
    }

    public List<JobFile> files(LineageJob job, boolean outputs) {
        return store.read(c -> {
            List<JobFile> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT f.path, f.artifact_id, f.hash, f.size FROM "
                    + (outputs ? "job_outputs" : "job_inputs") + " f WHERE f.job_id = ? ORDER BY f.path")) {
                q.setLong(1, job.id());
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(new JobFile(PathBytes.of(r.getBytes(1)), r.getString(2), r.getString(3), r.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<ArtifactRecord> artifact(String id) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, size, path, first_seen_path, first_seen_at, hash FROM artifacts WHERE id = ?")) {
                q.setString(1, id);
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ArtifactRecord(r.getString(1), r.getLong(2), PathBytes.of(r.getBytes(3)),
                            PathBytes.of(r.getBytes(4)), r.getDouble(5), r.getString(6), digests(c, id)));
                }
            }
        });
    }

    /** Artifact ids whose digest (any algorithm) starts with {@code hexPrefix}, at most {@code limit}. */
    public List<String> artifactsByDigestPrefix(String hexPrefix, int limit) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            // A range scan on the primary key's digest column; '~' sorts after every hex digit.
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT artifact_id FROM artifact_hashes "
                    + "WHERE digest >= ? AND digest < ? LIMIT ?")) {
                q.setString(1, hexPrefix);
                q.setString(2, hexPrefix + "~");
                q.setInt(3, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Jobs (any session) whose uid starts with {@code prefix}. */
    public List<LineageJob> jobsByUidPrefix(String prefix, int limit) {
        return store.read(c -> {
            List<LineageJob> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM jobs j WHERE j.job_uid >= ? AND j.job_uid < ? ORDER BY j.id LIMIT ?")) {
                q.setString(1, prefix);
                q.setString(2, prefix + "~");
                q.setInt(3, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(job(r));
                    }
                }
            }
            return out;
        });
    }

    /** The jobs (any session, newest first) that wrote ({@code outputs}) or read an artifact. */
    public List<JobLink> jobsWith(String artifactId, boolean outputs) {
        return store.read(c -> {
            List<JobLink> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + JOB_COLUMNS + ", f.path, f.hash, f.size FROM "
                    + (outputs ? "job_outputs" : "job_inputs") + " f JOIN jobs j ON j.id = f.job_id "
                    + "WHERE f.artifact_id = ? ORDER BY j.id DESC")) {
                q.setString(1, artifactId);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(new JobLink(job(r), new JobFile(PathBytes.of(r.getBytes(18)), artifactId,
                                r.getString(19), r.getLong(20))));
                    }
                }
            }
            return out;
        });
    }

    /** The newest artifact recorded at {@code path} (as an output first, else as an input), if any. */
    public Optional<String> artifactAtPath(PathBytes path) {
        return store.read(c -> {
            for (String table : List.of("job_outputs", "job_inputs")) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT artifact_id FROM " + table + " WHERE path = ? ORDER BY job_id DESC LIMIT 1")) {
                    q.setBytes(1, path.toByteArray());
                    try (ResultSet r = q.executeQuery()) {
                        if (r.next()) {
                            return Optional.of(r.getString(1));
                        }
                    }
                }
            }
            return Optional.empty();
        });
    }

    private static Map<String, String> digests(Connection c, String artifactId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT algorithm, digest FROM artifact_hashes WHERE artifact_id = ? ORDER BY algorithm")) {
            q.setString(1, artifactId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<Long, List<JobFile>> files(Connection c, String table, long sessionId) throws SQLException {
        return filesByJob(c, "SELECT " + PACKED_FILE + " FROM " + table
                + " f JOIN jobs j ON j.id = f.job_id WHERE j.session_id = ?", sessionId);
    }

    /** Files by job from {@code sql}, which selects {@link #PACKED_FILE} with {@code parameters} bound in order. */
    private static Map<Long, List<JobFile>> filesByJob(Connection c, String sql, long... parameters) throws SQLException {
        Map<Long, List<JobFile>> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setLong(i + 1, parameters[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    addFile(out, r); // one call per row: see addFile
                }
            }
        }
        // Sorted here rather than by an ORDER BY: SQLite would sort all the session's rows in a temporary B-tree.
        out.values().forEach(files -> files.sort(JobFile.BY_PATH));
        return out;
    }

    /**
     * A row of {@link #filesByJob}. In its own method because HotSpot compiles a method after a few hundred
     * calls but a loop body only after ~60k iterations: inline in the loop, a 50k-row session was read by the
     * interpreter to the end (measured with JFR: the loop's own bytecode was the top frame).
     */
    private static void addFile(Map<Long, List<JobFile>> out, ResultSet r) throws SQLException {
        PackedRow row = new PackedRow(r.getBytes(1));
        long job = row.number();
        long size = row.number();
        String hash = row.text();
        String artifact = row.text();
        out.computeIfAbsent(job, k -> new ArrayList<>()).add(new JobFile(row.path(), artifact, hash, size));
    }

    private static LineageJob job(ResultSet r) throws SQLException {
        String type = r.getString(4);
        return new LineageJob(r.getLong(1), r.getString(2), r.getLong(3),
                "build".equals(type) ? JobType.BUILD : JobType.RUN, r.getInt(5), r.getString(6), r.getDouble(7),
                r.getDouble(8), r.getInt(9), r.getString(10), r.getString(11), r.getString(12), r.getString(13),
                r.getString(14), r.getString(15), r.getLong(16), r.getString(17));
    }
}
