package dev.roar.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Brings a store's schema up to a target version, one migration per transaction. */
final class SchemaMigrator {
    private final List<Migration> migrations;

    SchemaMigrator(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ... without gaps");
            }
        }
    }

    /** Applies every migration above the store's current version up to {@code target}. */
    void migrate(Connection connection, int currentVersion, int target) throws SQLException {
        for (Migration migration : migrations) {
            if (migration.version() <= currentVersion || migration.version() > target) {
                continue;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (migration.version() == 1) {
                    statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
                    statement.execute("INSERT INTO schema_version (version) VALUES (0)");
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                statement.executeUpdate("UPDATE schema_version SET version = " + migration.version());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Copies the store's schema version into SQLite's header (PRAGMA user_version, bytes 60-63 of the file),
     * where {@link Store#precheck} reads it without opening the database. Stores written before roar did
     * this get it on their first open.
     */
    static void stampHeader(Connection connection) throws SQLException {
        int version = readVersion(connection);
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            if (version <= 0 || (rows.next() && rows.getInt(1) == version)) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + version);
        }
    }

    /** The version recorded in the store, or -1 when the table exists but holds no row. */
    static int readVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT max(version) FROM schema_version")) {
            if (!rows.next()) {
                return -1;
            }
            int version = rows.getInt(1);
            return rows.wasNull() ? -1 : version;
        }
    }
}
