package dev.roar.core.json;

import java.util.Collection;
import java.util.Map;

/** A small JSON writer for --json output: maps, lists, strings, numbers, booleans and null. */
public final class Json {
    private Json() {
    }

    /** An object whose keys are written in the order given (Map.of's order changes from one JVM to the next). */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** Indented, for people (--json output). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    /** One line, for storage. */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
            // Plain digits, never 1.79E9: epoch seconds read better and parse the same everywhere.
            case Double d -> out.append(java.math.BigDecimal.valueOf(d).toPlainString());
            case Float f -> out.append(java.math.BigDecimal.valueOf(f).toPlainString());
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                newline(out, indent);
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    pad(out, indent + 1);
                    string(String.valueOf(entry.getKey()), out);
                    out.append(indent < 0 ? ":" : ": ");
                    write(entry.getValue(), out, next(indent));
                    if (++i < map.size()) {
                        out.append(',');
                    }
                    newline(out, indent);
                }
                pad(out, indent);
                out.append('}');
            }
            case Collection<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                newline(out, indent);
                int i = 0;
                for (Object item : list) {
                    pad(out, indent + 1);
                    write(item, out, next(indent));
                    if (++i < list.size()) {
                        out.append(',');
                    }
                    newline(out, indent);
                }
                pad(out, indent);
                out.append(']');
            }
            default -> string(value.toString(), out);
        }
    }

    /** Indent -1 means compact: no newlines, no padding. */
    private static void pad(StringBuilder out, int indent) {
        for (int i = 0; i < indent; i++) {
            out.append("  ");
        }
    }

    private static void newline(StringBuilder out, int indent) {
        if (indent >= 0) {
            out.append('\n');
        }
    }

    private static int next(int indent) {
        return indent < 0 ? -1 : indent + 1;
    }

    /**
     * The string between quotes, escaped. Runs of plain characters go in as one copy: a status of 50k artifacts
     * writes ~7M characters, and appending them one by one was the largest part of its --json output.
     */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(s, plainFrom, i);
                escape(c, out);
                plainFrom = i + 1;
            }
        }
        if (plainFrom == 0) {
            out.append(s);
        } else {
            out.append(s, plainFrom, s.length());
        }
        out.append('"');
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}
