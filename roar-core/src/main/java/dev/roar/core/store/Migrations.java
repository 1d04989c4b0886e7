package dev.roar.core.store;

import java.util.List;

/**
 * The store's schema, as the ordered list of migrations that builds it. Released migrations are
 * never edited: a change to the schema is a new migration appended here, so stores written by any
 * earlier roar open and upgrade in place.
 *
 * <p>The version is kept in the schema_version table and copied into SQLite's header (user_version), where
 * a roar reads it before opening the store: a roar of a later schema must keep doing both.
 *
 * <p>Path columns are BLOBs holding the path's raw bytes: Linux file names are bytes, and names
 * that are not valid UTF-8 must survive a round trip exactly.
 */
public final class Migrations {
    private Migrations() {
    }

    private static final Migration V1_LINEAGE = new Migration(1, "lineage tables of the original roar (0.4.x)", List.of(
            """
            CREATE TABLE sessions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              hash TEXT UNIQUE,
              created_at REAL NOT NULL,
              source_artifact_hash TEXT,
              current_step INTEGER NOT NULL DEFAULT 0,
              is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
              git_repo TEXT,
              git_commit_start TEXT,
              git_commit_end TEXT,
              synced_at REAL,
              origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'remote')),
              fetched_at REAL,
              metadata TEXT
            )""",
            // At most one active session per store, enforced by the database rather than by care.
            "CREATE UNIQUE INDEX sessions_one_active ON sessions(is_active) WHERE is_active = 1",
            """
            CREATE TABLE artifacts (
              id TEXT PRIMARY KEY,
              size INTEGER,
              first_seen_at REAL,
              first_seen_path BLOB,
              path BLOB,
              hash TEXT,
              source_type TEXT,
              source_url TEXT,
              uploaded_to TEXT,
              synced_at REAL,
              capture_method TEXT,
              kind TEXT NOT NULL DEFAULT 'primitive' CHECK (kind IN ('primitive', 'composite')),
              component_count INTEGER,
              metadata TEXT
            )""",
            "CREATE INDEX artifacts_hash ON artifacts(hash)",
            """
            CREATE TABLE artifact_hashes (
              artifact_id TEXT NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
              algorithm TEXT NOT NULL,
              digest TEXT NOT NULL,
              PRIMARY KEY (algorithm, digest)
            )""",
            "CREATE INDEX artifact_hashes_artifact ON artifact_hashes(artifact_id)",
            """
            CREATE TABLE jobs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              job_uid TEXT NOT NULL UNIQUE,
              parent_job_uid TEXT,
              timestamp REAL NOT NULL,
              command TEXT NOT NULL,
              script TEXT,
              step_identity TEXT,
              session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
              step_number INTEGER,
              step_name TEXT,
              git_repo TEXT,
              git_commit TEXT,
              git_branch TEXT,
              duration_seconds REAL,
              exit_code INTEGER,
              synced_at REAL,
              status TEXT,
              job_type TEXT,
              metadata TEXT,
              telemetry TEXT,
              execution_backend TEXT,
              execution_role TEXT
            )""",
            "CREATE INDEX jobs_session_step ON jobs(session_id, job_type, step_number)",
            "CREATE INDEX jobs_step_identity ON jobs(session_id, step_identity)",
            """
            CREATE TABLE job_inputs (
              job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              artifact_id TEXT NOT NULL REFERENCES artifacts(id),
              path BLOB NOT NULL,
              byte_ranges TEXT,
              PRIMARY KEY (job_id, artifact_id, path)
            )""",
            "CREATE INDEX job_inputs_artifact ON job_inputs(artifact_id)",
            """
            CREATE TABLE job_outputs (
              job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              artifact_id TEXT NOT NULL REFERENCES artifacts(id),
              path BLOB NOT NULL,
              byte_ranges TEXT,
              PRIMARY KEY (job_id, artifact_id, path)
            )""",
            "CREATE INDEX job_outputs_artifact ON job_outputs(artifact_id)",
            """
            CREATE TABLE labels (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              entity_type TEXT NOT NULL CHECK (entity_type IN ('dag', 'job', 'artifact', 'composite')),
              session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
              job_id INTEGER REFERENCES jobs(id) ON DELETE CASCADE,
              artifact_id TEXT REFERENCES artifacts(id) ON DELETE CASCADE,
              version INTEGER NOT NULL,
              metadata TEXT NOT NULL,
              created_at REAL NOT NULL,
              synced_at REAL,
              synced_server_label_id TEXT,
              write_origin TEXT NOT NULL DEFAULT 'user' CHECK (write_origin IN ('user', 'system'))
            )""",
            "CREATE INDEX labels_session ON labels(session_id, version)",
            "CREATE INDEX labels_job ON labels(job_id, version)",
            "CREATE INDEX labels_artifact ON labels(artifact_id, version)",
            """
            CREATE TABLE hash_cache (
              path BLOB NOT NULL,
              algorithm TEXT NOT NULL,
              digest TEXT NOT NULL,
              size INTEGER NOT NULL,
              mtime REAL NOT NULL,
              cached_at REAL NOT NULL,
              PRIMARY KEY (path, algorithm)
            )"""));

    private static final Migration V2_TRACER_FACTS = new Migration(2,
            "hash cache validated by inode/device and nanosecond mtime; tracer backend and event losses per job",
            List.of(
                    // The original trusts (size, mtime within 1 ms); a file replaced by rename within the
                    // same millisecond and size would be served a stale digest. Inode and device catch that.
                    "ALTER TABLE hash_cache ADD COLUMN mtime_ns INTEGER",
                    "ALTER TABLE hash_cache ADD COLUMN inode INTEGER",
                    "ALTER TABLE hash_cache ADD COLUMN device INTEGER",
                    "ALTER TABLE jobs ADD COLUMN tracer_backend TEXT",
                    "ALTER TABLE jobs ADD COLUMN events_dropped INTEGER NOT NULL DEFAULT 0"));

    private static final Migration V3_FILE_CONTENT = new Migration(3,
            "each job input and output carries its artifact's hash and size",
            List.of(
                    // Whole-session reads (status, dag --json) want every file's hash and size: joined to artifacts
                    // by its TEXT id that was two B-tree searches per row, most of reading a 50k-file session
                    // (sqlite3: 70-85 ms joined, 13 ms not). An artifact's hash and size never change once
                    // written, so the copies cannot drift; the recorder writes them with the row. The tables are
                    // rebuilt rather than updated in place: rows widened in place scatter over split pages (a
                    // 50k-row read 46 ms instead of 27 ms on the widened rows, until a VACUUM).
                    fileTableWithContent("job_inputs"),
                    copyWithContent("job_inputs"),
                    "DROP TABLE job_inputs",
                    "ALTER TABLE job_inputs_v3 RENAME TO job_inputs",
                    "CREATE INDEX job_inputs_artifact ON job_inputs(artifact_id)",
                    fileTableWithContent("job_outputs"),
                    copyWithContent("job_outputs"),
                    "DROP TABLE job_outputs",
                    "ALTER TABLE job_outputs_v3 RENAME TO job_outputs",
                    "CREATE INDEX job_outputs_artifact ON job_outputs(artifact_id)"));

    private static String fileTableWithContent(String table) {
        return """
                CREATE TABLE %s_v3 (
                  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
                  path BLOB NOT NULL,
                  byte_ranges TEXT,
                  hash TEXT,
                  size INTEGER,
                  PRIMARY KEY (job_id, artifact_id, path)
                )""".formatted(table);
    }

    private static String copyWithContent(String table) {
        return ("INSERT INTO %1$s_v3 (job_id, artifact_id, path, byte_ranges, hash, size) "
                + "SELECT f.job_id, f.artifact_id, f.path, f.byte_ranges, a.hash, a.size FROM %1$s f "
                + "LEFT JOIN artifacts a ON a.id = f.artifact_id ORDER BY f.job_id, f.artifact_id, f.path").formatted(table);
    }

    public static final List<Migration> ALL = List.of(V1_LINEAGE, V2_TRACER_FACTS, V3_FILE_CONTENT);

    public static int latestVersion() {
        return ALL.getLast().version();
    }
}
