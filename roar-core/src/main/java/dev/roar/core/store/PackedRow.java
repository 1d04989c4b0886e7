package dev.roar.core.store;

import dev.roar.trace.classify.PathBytes;

import java.nio.charset.StandardCharsets;

/**
 * A result row that SQLite packed into one value, for reads of tens of thousands of rows: sqlite-jdbc
 * costs about half a microsecond per column fetched (a JNI call, a lock, a copy), so a 50k-row read of
 * six columns spent more time fetching than SQLite spent finding the rows. Packed, a row is one fetch.
 *
 * <p>The format, built by the SQL of {@link #number} and {@link #text} and read back in the same order:
 * a number is its decimal digits and a space; a text is {@code -} for NULL, else its byte length, a colon
 * and its bytes; the row ends with a path column (a BLOB, never NULL: NULL would make the whole row NULL),
 * whose bytes are the rest of the value.
 * Concatenation keeps a BLOB's bytes as they are, so a path that is not UTF-8 comes back exactly.
 */
public final class PackedRow {
    private final byte[] bytes;
    private int at;

    public PackedRow(byte[] bytes) {
        this.bytes = bytes;
    }

    /** SQL packing the integer {@code column}, NULL as {@code nullValue}. */
    public static String number(String column, long nullValue) {
        return "ifnull(" + column + ", " + nullValue + ") || ' ' || ";
    }

    /** SQL packing the text {@code column}. */
    public static String text(String column) {
        return "ifnull(length(CAST(" + column + " AS BLOB)) || ':' || " + column + ", '-') || ";
    }


    public long number() {
        boolean negative = bytes[at] == '-';
        if (negative) {
            at++;
        }
        long value = digitsUntil((byte) ' ');
        return negative ? -value : value;
    }

    public String text() {
        if (bytes[at] == '-') {
            at++;
            return null;
        }
        int length = (int) digitsUntil((byte) ':');
        String out = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return out;
    }

    /** Decimal digits up to {@code end}, which is skipped. */
    private long digitsUntil(byte end) {
        long value = 0;
        byte b;
        while ((b = bytes[at++]) != end) {
            if (b < '0' || b > '9') {
                throw malformed();
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** The row's trailing BLOB, the rest of its bytes. */
    public PathBytes path() {
        return PathBytes.of(bytes, at, bytes.length);
    }

    private IllegalStateException malformed() {
        return new IllegalStateException("malformed packed row at byte " + (at - 1) + " of " + bytes.length);
    }
}
