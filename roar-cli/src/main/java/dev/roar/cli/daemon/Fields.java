package dev.roar.cli.daemon;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The daemon's wire format: every field is UTF-8 text ended by a NUL byte, so that bash reads each with
 * {@code read -r -d ''} and writes them with {@code printf '%s\0'}. A NUL cannot occur in an argument or
 * an environment entry, so no field needs quoting.
 */
final class Fields {
    /** Longer fields are refused: nothing roar exchanges comes near it. */
    private static final int MAX_FIELD = 1 << 20;

    private Fields() {
    }

    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed mid-message");
            }
            if (b == 0) {
                return field.toString(StandardCharsets.UTF_8);
            }
            if (field.size() >= MAX_FIELD) {
                throw new IOException("a field longer than " + MAX_FIELD + " bytes");
            }
            field.write(b);
        }
    }

    static int readInt(InputStream in) throws IOException {
        String text = read(in);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("expected a number, got '" + text + "'");
        }
    }

    static void write(OutputStream out, List<String> fields) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (String field : fields) {
            message.write(field.getBytes(StandardCharsets.UTF_8));
            message.write(0);
        }
        synchronized (out) {
            out.write(message.toByteArray());
            out.flush();
        }
    }
}
