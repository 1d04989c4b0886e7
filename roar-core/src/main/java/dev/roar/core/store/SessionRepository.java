package dev.roar.core.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/** Sessions of one store. */
public final class SessionRepository {
    private final Store store;
    private final Clock clock;

    SessionRepository(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Session> active() {
        return store.read(SessionRepository::findActive);
    }

    /** The active session, created when there is none. */
    public Session ensureActive(Path roarDir) {
        return store.transaction(connection -> {
            Optional<Session> existing = findActive(connection);
            if (existing.isPresent()) {
                return existing.get();
            }
            double now = clock.millis() / 1000.0;
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sessions (created_at, is_active) VALUES (?, 1)")) {
                insert.setDouble(1, now);
                insert.executeUpdate();
            }
            try (PreparedStatement lastId = connection.prepareStatement("SELECT last_insert_rowid()");
                 ResultSet rows = lastId.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
            String hash = localSessionHash(roarDir, id);
            try (PreparedStatement update = connection.prepareStatement("UPDATE sessions SET hash = ? WHERE id = ?")) {
                update.setString(1, hash);
                update.setLong(2, id);
                update.executeUpdate();
            }
            return new Session(id, hash, now, 0, true);
        });
    }

    /** The original roar's local DAG hash: sha256 of "{absolute .roar path}:{session id}". */
    public static String localSessionHash(Path roarDir, long sessionId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((roarDir.toAbsolutePath().normalize() + ":" + sessionId)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Optional<Session> findActive(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, hash, created_at, current_step FROM sessions WHERE is_active = 1");
             ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new Session(rows.getLong(1), rows.getString(2), rows.getDouble(3), rows.getInt(4), true));
        }
    }
}
