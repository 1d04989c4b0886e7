package dev.roar.core.store;

import dev.roar.core.RoarException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    @Test
    void newStoreIsAtLatestSchemaInWalModeWithForeignKeysOn() throws Exception {
        Path db = dir.resolve("roar.db");
        try (Store store = Store.create(db)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(store.<String>read(c -> pragma(c, "journal_mode"))).isEqualTo("wal");
            assertThat(store.<String>read(c -> pragma(c, "foreign_keys"))).isEqualTo("1");
            assertThat(store.<List<String>>read(c -> tableNames(c))).contains("sessions", "jobs", "artifacts", "artifact_hashes",
                    "job_inputs", "job_outputs", "labels", "hash_cache", "schema_version");
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            assertThatThrownBy(() -> store.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO job_inputs (job_id, artifact_id, path) VALUES (42, 'nope', x'2f61')");
                }
            })).isInstanceOf(RoarException.class).hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void storeWrittenByAnOlderSchemaIsUpgradedInPlaceKeepingItsRows() throws Exception {
        Path db = dir.resolve("roar.db");
        try (Store v1 = Store.openOrCreate(db, true, 1, 1000, Clock.systemUTC())) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
            v1.sessions().ensureActive(dir);
            v1.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO jobs (job_uid, timestamp, command, session_id, step_number) "
                            + "VALUES ('abcd1234', 1.5, 'python train.py', 1, 1)");
                    s.executeUpdate("INSERT INTO hash_cache (path, algorithm, digest, size, mtime, cached_at) "
                            + "VALUES (x'2f612f62', 'blake3', 'ff', 3, 2.0, 3.0)");
                    s.executeUpdate("INSERT INTO artifacts (id, size, hash) VALUES ('a1', 7, 'beef'), ('a2', 9, 'cafe')");
                    s.executeUpdate("INSERT INTO job_inputs (job_id, artifact_id, path) VALUES (1, 'a1', x'2f69')");
                    s.executeUpdate("INSERT INTO job_outputs (job_id, artifact_id, path) VALUES (1, 'a2', x'2f6f'), (1, 'a1', x'2f70')");
                }
                return null;
            });
            assertThat(v1.<List<String>>read(c -> columns(c, "jobs"))).doesNotContain("tracer_backend");
        }

        try (Store upgraded = Store.open(db)) {
            assertThat(upgraded.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(upgraded.<List<String>>read(c -> columns(c, "jobs"))).contains("tracer_backend", "events_dropped");
            assertThat(upgraded.<List<String>>read(c -> columns(c, "hash_cache"))).contains("inode", "device", "mtime_ns");
            assertThat(upgraded.<List<String>>read(c -> query(c, "SELECT job_uid || ' ' || command || ' ' || events_dropped FROM jobs")))
                    .containsExactly("abcd1234 python train.py 0");
            assertThat(upgraded.<List<String>>read(c -> query(c, "SELECT digest FROM hash_cache"))).containsExactly("ff");
            // Schema 3: each job file row got its artifact's hash and size.
            assertThat(upgraded.<List<String>>read(c -> query(c, "SELECT hash || ' ' || size FROM job_inputs"))).containsExactly("beef 7");
            assertThat(upgraded.<List<String>>read(c -> query(c, "SELECT hash || ' ' || size FROM job_outputs ORDER BY path")))
                    .containsExactly("cafe 9", "beef 7");
            assertThat(upgraded.sessions().active()).get().extracting(Session::id).isEqualTo(1L);
        }
    }

    @Test
    void fileThatIsNotSqliteIsReportedByNameAndLeftUntouched() throws Exception {
        Path db = dir.resolve("roar.db");
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);

        assertThatThrownBy(() -> Store.open(db))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("not an SQLite database");
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
        assertThat(dir.resolve("roar.db-wal")).doesNotExist();
    }

    @Test
    void truncatedSqliteFileIsReportedAsCorruptAndLeftUntouched() throws Exception {
        Path good = dir.resolve("good.db");
        try (Store store = Store.create(good)) {
            store.sessions().ensureActive(dir);
        }
        byte[] bytes = Files.readAllBytes(good);
        // Keep the header, scribble over the schema page: a real-world torn write.
        for (int i = 100; i < Math.min(bytes.length, 4096); i++) {
            bytes[i] = (byte) 0xA5;
        }
        Path db = dir.resolve("roar.db");
        Files.write(db, bytes);

        assertThatThrownBy(() -> Store.open(db))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
    }

    @Test
    void sqliteDatabaseOfAnotherProgramIsRefusedAndNotModified() throws Exception {
        Path db = dir.resolve("roar.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE recipes (name TEXT)");
            s.execute("INSERT INTO recipes VALUES ('bread')");
        }
        byte[] before = Files.readAllBytes(db);

        assertThatThrownBy(() -> Store.open(db))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("not a roar store");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void storeFromANewerRoarIsRefused() throws Exception {
        Path db = dir.resolve("roar.db");
        createThenRun(db, "UPDATE schema_version SET version = 99");
        assertThatThrownBy(() -> Store.open(db))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("newer roar")
                .hasMessageContaining("99");
    }

    @Test
    void theSchemaVersionIsInTheFilesHeaderAndAStoreWithoutItGetsIt() throws Exception {
        Path db = dir.resolve("roar.db");
        createThenRun(db, "PRAGMA user_version = 0"); // as roar wrote stores before the header copy
        assertThat(headerVersion(db)).isZero();
        try (Store store = Store.open(db)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latestVersion());
        }
        assertThat(headerVersion(db)).isEqualTo(Migrations.latestVersion());
        Store.precheck(db); // this roar's own store passes
    }

    @Test
    void precheckRefusesAStoreWhoseHeaderSaysANewerRoarWroteItWithoutOpeningIt() throws Exception {
        Path db = dir.resolve("roar.db");
        createThenRun(db, "UPDATE schema_version SET version = 99", "PRAGMA user_version = 99");
        byte[] before = Files.readAllBytes(db);
        assertThatThrownBy(() -> Store.precheck(db))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("newer roar")
                .hasMessageContaining("99");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThatCode(() -> Store.precheck(dir.resolve("missing.db")))
                .as("a missing store is the open's business").doesNotThrowAnyException();
    }

    /** A new store, then {@code sql} in one transaction, then closed (so the header is written back). */
    private static void createThenRun(Path db, String... sql) {
        try (Store store = Store.create(db)) {
            store.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String statement : sql) {
                        s.execute(statement);
                    }
                    return null;
                }
            });
        }
    }

    private static int headerVersion(Path db) throws Exception {
        return java.nio.ByteBuffer.wrap(Files.readAllBytes(db), 60, 4).getInt();
    }

    @Test
    void openingAMissingStoreDoesNotCreateOne() {
        Path db = dir.resolve("missing.db");
        assertThatThrownBy(() -> Store.open(db)).isInstanceOf(RoarException.class).hasMessageContaining("does not exist");
        assertThat(db).doesNotExist();
    }

    @Test
    void pathsSurviveAsExactBytes() throws Exception {
        Random random = new Random(20261124L);
        List<byte[]> paths = new ArrayList<>();
        paths.add(("/data/with space/and\nnewline/" + "x".repeat(320)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        paths.add(new byte[] {'/', 't', (byte) 0xff, (byte) 0xfe, 'z'});
        for (int i = 0; i < 50; i++) {
            byte[] path = new byte[1 + random.nextInt(4096)];
            random.nextBytes(path);
            path[0] = '/';
            for (int j = 0; j < path.length; j++) {
                if (path[j] == 0) {
                    path[j] = 1; // Linux paths hold every byte but NUL
                }
            }
            paths.add(path);
        }
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            store.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO jobs (job_uid, timestamp, command) VALUES ('00000001', 0, 'x')");
                    s.executeUpdate("INSERT INTO artifacts (id) VALUES ('a1')");
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO job_inputs (job_id, artifact_id, path) VALUES (1, 'a1', ?)")) {
                    for (byte[] path : paths) {
                        insert.setBytes(1, path);
                        insert.executeUpdate();
                    }
                }
                return null;
            });
            List<byte[]> back = store.read(c -> {
                List<byte[]> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT path FROM job_inputs ORDER BY rowid")) {
                    while (r.next()) {
                        rows.add(r.getBytes(1));
                    }
                }
                return rows;
            });
            assertThat(back).hasSameSizeAs(paths);
            for (int i = 0; i < paths.size(); i++) {
                assertThat(back.get(i)).as("path %d", i).isEqualTo(paths.get(i));
            }
        }
    }

    @Test
    void secondWriterWaitsForTheFirstInsteadOfFailing() throws Exception {
        Path db = dir.resolve("roar.db");
        try (Store first = Store.create(db);
             Store second = Store.openOrCreate(db, false, Migrations.latestVersion(), 20_000, Clock.systemUTC())) {
            CountDownLatch firstHoldsLock = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> first.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO sessions (created_at) VALUES (1)");
                }
                firstHoldsLock.countDown();
                await(release);
                return null;
            }));
            assertThat(firstHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> second.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO sessions (created_at) VALUES (2)");
                }
                return null;
            }));
            Thread.sleep(300);
            assertThat(waiter).isNotDone();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            waiter.get(10, TimeUnit.SECONDS);
            assertThat(second.<List<String>>read(c -> query(c, "SELECT count(*) FROM sessions"))).containsExactly("2");
        }
    }

    @Test
    void sessionHashIsTheOriginalRoarsLocalDagHash() throws Exception {
        Path roarDir = dir.resolve(".roar");
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            Session session = store.sessions().ensureActive(roarDir);
            assertThat(store.sessions().ensureActive(roarDir)).isEqualTo(session);
            byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((roarDir.toAbsolutePath() + ":" + session.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(session.hash()).isEqualTo(java.util.HexFormat.of().formatHex(expected));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String pragma(Connection c, String name) throws java.sql.SQLException {
        return query(c, "PRAGMA " + name).getFirst();
    }

    private static List<String> tableNames(Connection c) throws java.sql.SQLException {
        return query(c, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    }

    private static List<String> columns(Connection c, String table) throws java.sql.SQLException {
        return query(c, "SELECT name FROM pragma_table_info('" + table + "')");
    }

    private static List<String> query(Connection c, String sql) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
