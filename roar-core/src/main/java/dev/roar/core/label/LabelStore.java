package dev.roar.core.label;

import dev.roar.core.json.Json;
import dev.roar.core.json.JsonReader;
import dev.roar.core.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned labels. Every change writes a whole new version of the entity's document (version 1,
 * 2, ...); reading takes the highest. A change that leaves the document as it was writes nothing,
 * so "set the same again" never inflates the history.
 */
public final class LabelStore {
    private final Store store;
    private final Clock clock;

    public LabelStore(Store store) {
        this(store, Clock.systemUTC());
    }

    LabelStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<LabelVersion> current(LabelEntity entity) {
        return store.read(c -> latest(c, entity));
    }

    public List<LabelVersion> history(LabelEntity entity) {
        return store.read(c -> {
            List<LabelVersion> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT version, metadata, created_at, write_origin FROM labels WHERE "
                    + where(entity) + " ORDER BY version")) {
                bind(q, 1, entity);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(version(r));
                    }
                }
            }
            return out;
        });
    }

    public LabelChange set(LabelEntity entity, Map<String, Object> updates, String origin) {
        return change(entity, doc -> LabelDocuments.with(doc, updates), origin);
    }

    public LabelChange unset(LabelEntity entity, List<String> keys) {
        return change(entity, doc -> LabelDocuments.without(doc, keys), "user");
    }

    /** Copies {@code source}'s user labels onto {@code target} (target keys of the same name are replaced). */
    public LabelChange copy(LabelEntity source, LabelEntity target) {
        Map<String, Object> labels = current(source).map(LabelVersion::labels).orElse(Map.of());
        Map<String, Object> user = new HashMap<>(LabelDocuments.flatten(labels, false));
        return change(target, doc -> LabelDocuments.with(doc, user), "user");
    }

    /** Current user labels of many jobs at once (for dag/log over large sessions). */
    public Map<Long, Map<String, Object>> currentForJobs(long sessionId) {
        return store.read(c -> {
            Map<Long, Map<String, Object>> out = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT l.job_id, l.metadata FROM labels l JOIN jobs j ON j.id = l.job_id
                    WHERE j.session_id = ? AND l.entity_type = 'job'
                      AND l.version = (SELECT max(version) FROM labels m WHERE m.entity_type = 'job' AND m.job_id = l.job_id)""")) {
                q.setLong(1, sessionId);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getLong(1), JsonReader.object(r.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Current labels of every labelled artifact (few, in practice): one query, for listings. */
    public Map<String, Map<String, Object>> currentForArtifacts() {
        return store.read(c -> {
            Map<String, Map<String, Object>> out = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT l.artifact_id, l.metadata FROM labels l WHERE l.entity_type = 'artifact'
                      AND l.version = (SELECT max(version) FROM labels m WHERE m.entity_type = 'artifact' AND m.artifact_id = l.artifact_id)""");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), JsonReader.object(r.getString(2)));
                }
            }
            return out;
        });
    }

    private interface Edit {
        Map<String, Object> apply(Map<String, Object> doc);
    }

    private LabelChange change(LabelEntity entity, Edit edit, String origin) {
        return store.transaction(c -> {
            Optional<LabelVersion> before = latest(c, entity);
            Map<String, Object> old = before.map(LabelVersion::labels).orElse(Map.of());
            Map<String, Object> next = LabelDocuments.sorted(edit.apply(old));
            if (next.equals(LabelDocuments.sorted(old)) && (before.isPresent() || next.isEmpty())) {
                return new LabelChange(before.orElse(new LabelVersion(0, Map.of(), 0, origin)), false);
            }
            int version = before.map(LabelVersion::version).orElse(0) + 1;
            double now = clock.millis() / 1000.0;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO labels (entity_type, session_id, job_id, "
                    + "artifact_id, version, metadata, created_at, write_origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entity.type());
                insert.setObject(2, entity instanceof LabelEntity.Dag d ? d.sessionId() : null);
                insert.setObject(3, entity instanceof LabelEntity.Job j ? j.jobId() : null);
                insert.setObject(4, entity instanceof LabelEntity.Artifact a ? a.artifactId() : null);
                insert.setInt(5, version);
                insert.setString(6, Json.compact(next));
                insert.setDouble(7, now);
                insert.setString(8, origin);
                insert.executeUpdate();
            }
            return new LabelChange(new LabelVersion(version, next, now, origin), true);
        });
    }

    private static Optional<LabelVersion> latest(Connection c, LabelEntity entity) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version, metadata, created_at, write_origin FROM labels WHERE "
                + where(entity) + " ORDER BY version DESC LIMIT 1")) {
            bind(q, 1, entity);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(version(r)) : Optional.empty();
            }
        }
    }

    private static String where(LabelEntity entity) {
        return switch (entity) {
            case LabelEntity.Dag d -> "entity_type = 'dag' AND session_id = ?";
            case LabelEntity.Job j -> "entity_type = 'job' AND job_id = ?";
            case LabelEntity.Artifact a -> "entity_type = 'artifact' AND artifact_id = ?";
        };
    }

    private static void bind(PreparedStatement q, int index, LabelEntity entity) throws SQLException {
        switch (entity) {
            case LabelEntity.Dag d -> q.setLong(index, d.sessionId());
            case LabelEntity.Job j -> q.setLong(index, j.jobId());
            case LabelEntity.Artifact a -> q.setString(index, a.artifactId());
        }
    }

    private static LabelVersion version(ResultSet r) throws SQLException {
        return new LabelVersion(r.getInt(1), JsonReader.object(r.getString(2)), r.getDouble(3), r.getString(4));
    }
}
