package dev.roar.core.store;

import dev.roar.core.RoarException;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;

/**
 * The lineage store: one SQLite file per project ({@code .roar/roar.db}), in WAL mode with foreign
 * keys enforced. Opening validates that the file is a roar store before anything is written to it:
 * a corrupt, foreign or newer file is reported by name and left exactly as it was.
 */
public final class Store implements AutoCloseable {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Long enough for another roar to finish recording a job; short enough that a hung one is noticed. */
    static final int DEFAULT_BUSY_TIMEOUT_MS = 30_000;

    private final Path file;
    private final Connection connection;
    private final Clock clock;

    private Store(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Loads SQLite's native library and the driver's classes on a daemon thread, for a command that will open
     * the store after parsing its arguments (~30-50 ms in a fresh JVM that then overlap the parsing). Failures
     * are left for the open to report.
     */
    public static void loadDriverAhead() {
        Thread.ofPlatform().name("roar-sqlite-load").daemon().start(() -> {
            try {
                org.sqlite.core.NativeDB.load();
            } catch (Exception | LinkageError ignored) {
                // Store.open loads it again and says what went wrong.
            }
        });
    }

    /** Opens an existing store, upgrading its schema to the latest version. */
    public static Store open(Path file) {
        return openOrCreate(file, false, Migrations.latestVersion(), DEFAULT_BUSY_TIMEOUT_MS, Clock.systemUTC());
    }

    /** Creates the store file when missing (roar init); otherwise the same as {@link #open(Path)}. */
    public static Store create(Path file) {
        return openOrCreate(file, true, Migrations.latestVersion(), DEFAULT_BUSY_TIMEOUT_MS, Clock.systemUTC());
    }

    /** Tests build old-schema stores and contention with an explicit target, busy timeout and clock. */
    static Store openOrCreate(Path file, boolean create, int targetVersion, int busyTimeoutMillis, Clock clock) {
        Path path = file.toAbsolutePath().normalize();
        if (!create && !Files.isRegularFile(path)) {
            throw new RoarException("The roar store " + path + " does not exist.",
                    "Run 'roar init' to create it.");
        }
        checkHeader(path);
        Connection connection = connect(path, busyTimeoutMillis, create);
        try {
            int version = classify(path, connection);
            if (version > Migrations.latestVersion()) {
                throw newerRoar(path, version);
            }
            // Only now, knowing the file is ours, may anything be written to it (WAL changes the header).
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                // Whole-session reads (dag, status) touch tens of MB: mapping the file saves a pread per page,
                // and a larger page cache keeps the artifact lookups of one query from evicting each other.
                statement.execute("PRAGMA mmap_size=268435456");
                statement.execute("PRAGMA cache_size=-65536");
            }
            new SchemaMigrator(Migrations.ALL).migrate(connection, Math.max(version, 0), targetVersion);
            SchemaMigrator.stampHeader(connection);
            return new Store(path, connection, clock);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw translate(path, e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public int schemaVersion() {
        return read(SchemaMigrator::readVersion);
    }

    public SessionRepository sessions() {
        return new SessionRepository(this, clock);
    }

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE), committing on success. */
    public <T> T transaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(file, e);
        }
    }

    /** Runs read-only {@code work} outside an explicit transaction. */
    public <T> T read(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(file, e);
        }
    }

    /**
     * Runs read-only {@code work} on a connection of its own, opened for it and closed after: for a helper
     * thread that reads while this store's connection is busy on another (sqlite-jdbc serializes the calls
     * of one connection; WAL lets two read at once). It sees the store as last committed.
     */
    public <T> T readOnSecondConnection(SqlWork<T> work) {
        Connection second = connect(file, DEFAULT_BUSY_TIMEOUT_MS, false);
        try (Statement statement = second.createStatement()) {
            statement.execute("PRAGMA query_only=1");
            statement.execute("PRAGMA mmap_size=268435456");
            return work.run(second);
        } catch (SQLException e) {
            throw translate(file, e);
        } finally {
            closeQuietly(second);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw translate(file, e);
        }
    }

    /**
     * Fails as {@link #open} would for a file that is not an SQLite database (a corrupt store) or whose header
     * says a newer roar wrote it, without opening it: a hundred bytes read, so `roar run` can refuse before the
     * command runs while the real open overlaps it. (The header's version is the one the store had at its last
     * checkpoint; the open checks the schema itself.)
     */
    public static void precheck(Path path) {
        checkHeader(path);
        int version = headerVersion(path);
        if (version > Migrations.latestVersion()) {
            throw newerRoar(path, version);
        }
    }

    /** SQLite's user_version (big-endian at offset 60), where roar keeps a copy of the schema version; 0 if none. */
    private static int headerVersion(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] header = in.readNBytes(64);
            return header.length < 64 ? 0 : java.nio.ByteBuffer.wrap(header, 60, 4).getInt();
        } catch (IOException e) {
            return 0; // unreadable here: the open says why
        }
    }

    private static RoarException newerRoar(Path path, int version) {
        return new RoarException(path + " was written by a newer roar (schema version " + version
                + "; this roar understands up to " + Migrations.latestVersion() + ").",
                "Use the roar that created it, or upgrade roar.");
    }

    private static void checkHeader(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(SQLITE_MAGIC.length);
            if (head.length == 0) {
                return; // an empty file is a new SQLite database
            }
            if (!Arrays.equals(head, SQLITE_MAGIC)) {
                throw notAStore(path, "it is not an SQLite database; it may be corrupt");
            }
        } catch (IOException e) {
            throw new RoarException("Cannot read the roar store " + path + ": " + e.getMessage(),
                    "Check the file's permissions.", e);
        }
    }

    private static Connection connect(Path path, int busyTimeoutMillis, boolean create) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(busyTimeoutMillis);
        // Two roar processes writing at once must queue, not fail: take the write lock at BEGIN.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // roar reads new row ids with last_insert_rowid(); the driver's generated-keys support would run a
        // regex over the SQL and an extra query after every insert (a third of recording a 20k-file job).
        config.setGetGeneratedKeys(false);
        if (!create) {
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        try {
            // The driver directly: DriverManager would first scan the class path for every JDBC driver (~7 ms cold).
            return JDBC.createConnection("jdbc:sqlite:" + path, config.toProperties());
        } catch (SQLException e) {
            throw translate(path, e);
        }
    }

    /** The store's schema version, 0 for a new empty database; rejects files that are not roar stores. */
    private static int classify(Path path, Connection connection) throws SQLException {
        boolean hasVersionTable = false;
        int tables = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rows.next()) {
                tables++;
                hasVersionTable |= rows.getString(1).equals("schema_version");
            }
        }
        if (tables == 0) {
            return 0;
        }
        if (!hasVersionTable) {
            throw notAStore(path, "it is an SQLite database of something else (" + tables
                    + " tables, no schema_version)");
        }
        int version = SchemaMigrator.readVersion(connection);
        if (version < 1) {
            throw notAStore(path, "its schema_version table is empty");
        }
        return version;
    }

    private static RoarException notAStore(Path path, String why) {
        return new RoarException(path + " is not a roar store: " + why + ". It was left untouched.",
                "Move it aside (mv " + path + " " + path + ".bad) and run 'roar init' to start a new store.");
    }

    private static RoarException translate(Path path, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new RoarException(path + " is corrupt (" + code.message + "). It was left untouched.",
                        "Move it aside (mv " + path + " " + path + ".bad) and run 'roar init' to start a new store.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
                return new RoarException("The roar store " + path + " stayed locked by another process.",
                        "Wait for the other roar command to finish, then try again.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY || code == SQLiteErrorCode.SQLITE_CANTOPEN
                    || code == SQLiteErrorCode.SQLITE_PERM) {
                return new RoarException("Cannot open the roar store " + path + " (" + code.message + ").",
                        "Check that the file and .roar/ are readable and writable by you.", e);
            }
        }
        return new RoarException("The roar store " + path + " failed: " + e.getMessage(), null, e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the original error is the one worth reporting
        }
    }
}
