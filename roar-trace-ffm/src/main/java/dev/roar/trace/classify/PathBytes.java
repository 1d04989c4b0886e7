package dev.roar.trace.classify;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A file path as the kernel knows it: bytes, not characters, so names that are not UTF-8 and paths
 * up to PATH_MAX survive exactly. Immutable; equality is byte equality.
 */
public final class PathBytes implements Comparable<PathBytes> {
    private static final PathBytes ROOT = new PathBytes(new byte[] {'/'});
    private final byte[] bytes;
    private final int hash;
    /** Whether the bytes are normalized: 0 not known yet, 1 yes, 2 no (a benign race: every thread computes the same). */
    private int normal;

    private PathBytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PathBytes of(byte[] bytes) {
        return new PathBytes(bytes.clone());
    }

    /** The path held in {@code bytes[from, to)}. */
    public static PathBytes of(byte[] bytes, int from, int to) {
        return new PathBytes(Arrays.copyOfRange(bytes, from, to));
    }

    public static PathBytes of(String path) {
        return new PathBytes(path.getBytes(StandardCharsets.UTF_8));
    }

    public static PathBytes root() {
        return ROOT;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isAbsolute() {
        return bytes.length > 0 && bytes[0] == '/';
    }

    public boolean startsWith(PathBytes prefix) {
        return bytes.length >= prefix.bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /**
     * {@code path} made absolute against this directory and normalized lexically: "." and empty
     * components dropped, ".." removes the previous component (never above "/"). Lexical, as the
     * contract asks for "the path at the moment of the call"; symlinks are not followed.
     */
    public PathBytes resolve(byte[] path) {
        return resolve(path, 0, path.length);
    }

    /** {@link #resolve(byte[])} of {@code path[offset..offset+length)}; the array is not kept. */
    public PathBytes resolve(byte[] path, int offset, int length) {
        int end = offset + length;
        boolean relative = length == 0 || path[offset] != '/';
        // Most paths need no normalizing: then the result is the bytes as given, or this directory joined with them.
        if (!relative && isNormal(path, offset, end, true)) {
            return length == 1 ? ROOT : new PathBytes(Arrays.copyOfRange(path, offset, end));
        }
        if (relative && length > 0 && isNormal() && isNormal(path, offset, end, false)) {
            int base = bytes.length == 1 ? 0 : bytes.length; // "/" joins as "" + "/"
            byte[] joined = Arrays.copyOf(bytes, base + 1 + length);
            joined[base] = '/';
            System.arraycopy(path, offset, joined, base + 1, length);
            return new PathBytes(joined);
        }
        return normalized(offset == 0 && length == path.length ? path : Arrays.copyOfRange(path, offset, end));
    }

    private boolean isNormal() {
        if (normal == 0) {
            normal = isNormal(bytes, 0, bytes.length, true) ? 1 : 2;
        }
        return normal == 1;
    }

    /**
     * Whether {@code a[from..end)} is already what normalizing would make of it: components joined by single
     * slashes, none empty, "." or "..", no trailing slash; an absolute path starts with its slash.
     */
    private static boolean isNormal(byte[] a, int from, int end, boolean absolute) {
        int i = absolute ? from + 1 : from;
        if (absolute && (from == end || a[from] != '/')) {
            return false;
        }
        if (i == end) {
            return absolute;
        }
        while (true) {
            int start = i;
            while (i < end && a[i] != '/') {
                i++;
            }
            int n = i - start;
            if (n == 0 || (n == 1 && a[start] == '.') || (n == 2 && a[start] == '.' && a[start + 1] == '.')) {
                return false;
            }
            if (i == end) {
                return true;
            }
            i++; // past the slash: a component must follow it
        }
    }

    private PathBytes normalized(byte[] path) {
        byte[] buffer = new byte[bytes.length + path.length + 2];
        int[] componentStarts = new int[buffer.length / 2 + 2];
        int length = 0;
        int depth = 0;
        boolean relative = path.length == 0 || path[0] != '/';
        for (byte[] source : relative ? new byte[][] {bytes, path} : new byte[][] {path}) {
            int i = 0;
            while (i < source.length) {
                while (i < source.length && source[i] == '/') {
                    i++;
                }
                int start = i;
                while (i < source.length && source[i] != '/') {
                    i++;
                }
                int n = i - start;
                if (n == 0 || (n == 1 && source[start] == '.')) {
                    continue;
                }
                if (n == 2 && source[start] == '.' && source[start + 1] == '.') {
                    if (depth > 0) {
                        length = componentStarts[--depth];
                    }
                    continue;
                }
                componentStarts[depth++] = length;
                buffer[length++] = '/';
                System.arraycopy(source, start, buffer, length, n);
                length += n;
            }
        }
        return length == 0 ? ROOT : new PathBytes(Arrays.copyOf(buffer, length));
    }

    /** UTF-8 text when the bytes are UTF-8, else empty: for JSON and Path interop. */
    public java.util.Optional<String> utf8() {
        if (isPrintableAscii()) {
            return java.util.Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * For terminals: UTF-8 text with control characters, backslashes and undecodable bytes escaped
     * (\n, \t, \\, \xff), so every path prints on one line and distinct paths print differently.
     */
    public String display() {
        if (isPrintableAscii()) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(bytes.length);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int width = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
            if (width == 1) {
                switch (b) {
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (b < 0x20 || b == 0x7f) {
                            out.append(String.format("\\x%02x", b));
                        } else {
                            out.append((char) b);
                        }
                    }
                }
                i++;
                continue;
            }
            if (width > 1 && i + width <= bytes.length) {
                try {
                    out.append(decoder.decode(java.nio.ByteBuffer.wrap(bytes, i, width)));
                    i += width;
                    continue;
                } catch (CharacterCodingException e) {
                    // fall through to escaping this byte
                }
            }
            out.append(String.format("\\x%02x", b));
            i++;
        }
        return out.toString();
    }

    /**
     * Whether every byte is printable ASCII other than a backslash: then the text, the UTF-8 and the display
     * form are the bytes as they are (nearly every path), with no decoder and no escaping. Listing 50k paths
     * spent most of its time in decoders made for each.
     */
    private boolean isPrintableAscii() {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The inverse of {@link #display()}: what a user copies from roar's output names the same bytes. */
    public static PathBytes fromDisplay(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                switch (e) {
                    case 'n' -> { out.write('\n'); i += 2; continue; }
                    case 't' -> { out.write('\t'); i += 2; continue; }
                    case 'r' -> { out.write('\r'); i += 2; continue; }
                    case '\\' -> { out.write('\\'); i += 2; continue; }
                    case 'x' -> {
                        if (i + 3 < text.length() && isHex(text.charAt(i + 2)) && isHex(text.charAt(i + 3))) {
                            out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                            i += 4;
                            continue;
                        }
                    }
                    default -> {
                    }
                }
            }
            int cp = text.codePointAt(i);
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            i += Character.charCount(cp);
        }
        return of(out.toByteArray());
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathBytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Unsigned byte order, the order SQLite gives BLOBs (the hash cache's rows are merged in it). */
    @Override
    public int compareTo(PathBytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return display();
    }
}
