package dev.roar.core.store;

import dev.roar.core.testing.Seeded;
import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackedRowTest {
    @TempDir
    Path dir;

    private record Row(Long number, String text, String other, byte[] path) {
    }

    /** Rows packed by SQLite from the helpers' SQL read back to the values stored: NULLs, separators and non-UTF-8 bytes included. */
    @Test
    void rowsPackedBySqliteReadBackExactly() {
        try (Store store = Store.create(dir.resolve("roar.db"))) {
            Seeded.check(20, random -> {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    rows.add(new Row(random.nextInt(5) == 0 ? null : random.nextLong() >> random.nextInt(64),
                            randomText(random), randomText(random), randomPath(random)));
                }
                List<Row> read = store.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TEMP TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, n INTEGER, s TEXT, o TEXT, p BLOB NOT NULL)");
                        s.execute("DELETE FROM t");
                    }
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (k, n, s, o, p) VALUES (?, ?, ?, ?, ?)")) {
                        for (int i = 0; i < rows.size(); i++) {
                            Row row = rows.get(i);
                            insert.setInt(1, i);
                            insert.setObject(2, row.number());
                            insert.setString(3, row.text());
                            insert.setString(4, row.other());
                            insert.setBytes(5, row.path());
                            insert.executeUpdate();
                        }
                    }
                    List<Row> out = new ArrayList<>();
                    try (PreparedStatement q = c.prepareStatement("SELECT " + PackedRow.number("n", -7) + PackedRow.text("s")
                            + PackedRow.text("o") + "p FROM t ORDER BY k"); ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            PackedRow row = new PackedRow(r.getBytes(1));
                            out.add(new Row(row.number(), row.text(), row.text(), row.path().toByteArray()));
                        }
                    }
                    return out;
                });
                assertThat(read).hasSameSizeAs(rows);
                for (int i = 0; i < rows.size(); i++) {
                    Row want = rows.get(i);
                    Row got = read.get(i);
                    assertThat(got.number()).isEqualTo(want.number() == null ? -7L : want.number());
                    assertThat(got.text()).isEqualTo(want.text());
                    assertThat(got.other()).isEqualTo(want.other());
                    assertThat(got.path()).isEqualTo(want.path());
                }
            });
        }
    }

    @Test
    void aValueNotInTheFormatIsRefusedNotMisread() {
        assertThatThrownBy(() -> new PackedRow("12x ".getBytes()).number()).hasMessageContaining("malformed packed row");
        assertThatThrownBy(() -> new PackedRow("3;abc".getBytes()).text()).hasMessageContaining("malformed packed row");
    }

    private static String randomText(Random random) {
        if (random.nextInt(4) == 0) {
            return null;
        }
        String alphabet = "ab-: 0123456789é€\n";
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(random.nextInt(20) == 0 ? "😀" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
        }
        return out.toString();
    }

    /** Any bytes but NUL, which a Linux path cannot hold. */
    private static byte[] randomPath(Random random) {
        byte[] out = new byte[random.nextInt(40)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (1 + random.nextInt(255));
        }
        return out;
    }
}
