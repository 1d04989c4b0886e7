package dev.roar.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Line-level edits of a TOML document that keep its comments and layout: set or remove one
 * {@code key = value} line inside one {@code [table]}. It does not understand every TOML shape
 * (multi-line arrays, dotted keys under a parent table); callers verify the result by parsing it.
 */
final class TomlDocumentEditor {
    private static final Pattern TABLE_HEADER = Pattern.compile("^\\s*\\[.*");
    private final List<String> lines;

    TomlDocumentEditor(String text) {
        lines = new ArrayList<>(text.lines().toList());
    }

    String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    void set(String table, String key, String literal) {
        String assignment = TomlLiterals.key(key) + " = " + literal;
        Optional<int[]> body = body(table);
        if (body.isEmpty()) {
            while (!lines.isEmpty() && lines.getLast().isBlank()) {
                lines.removeLast();
            }
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("[" + table + "]");
            lines.add(assignment);
            return;
        }
        int start = body.get()[0];
        int end = body.get()[1];
        Pattern live = assignmentOf(key, false);
        Pattern commented = assignmentOf(key, true);
        int commentedAt = -1;
        int lastContent = start - 1;
        for (int i = start; i < end; i++) {
            String line = lines.get(i);
            if (live.matcher(line).find()) {
                lines.set(i, assignment);
                return;
            }
            if (commentedAt < 0 && commented.matcher(line).find()) {
                commentedAt = i;
            }
            if (!line.isBlank()) {
                lastContent = i;
            }
        }
        lines.add((commentedAt >= 0 ? commentedAt : lastContent) + 1, assignment);
    }

    /** Removes the key's line; returns whether there was one. */
    boolean remove(String table, String key) {
        Optional<int[]> body = body(table);
        if (body.isEmpty()) {
            return false;
        }
        Pattern live = assignmentOf(key, false);
        for (int i = body.get()[0]; i < body.get()[1]; i++) {
            if (live.matcher(lines.get(i)).find()) {
                lines.remove(i);
                return true;
            }
        }
        return false;
    }

    /** [first line after the header, first line of the next table) of {@code table}. */
    private Optional<int[]> body(String table) {
        for (int i = 0; i < lines.size(); i++) {
            if (isHeaderOf(lines.get(i), table)) {
                int end = i + 1;
                while (end < lines.size() && !TABLE_HEADER.matcher(lines.get(end)).matches()) {
                    end++;
                }
                return Optional.of(new int[] {i + 1, end});
            }
        }
        return Optional.empty();
    }

    private static boolean isHeaderOf(String line, String table) {
        String code = line.strip();
        int comment = code.indexOf('#');
        if (comment >= 0) {
            code = code.substring(0, comment).strip();
        }
        if (!code.startsWith("[") || code.startsWith("[[") || !code.endsWith("]")) {
            return false;
        }
        return code.substring(1, code.length() - 1).replace(" ", "").equals(table);
    }

    private static Pattern assignmentOf(String key, boolean commented) {
        String quotedOrBare = "(?:" + Pattern.quote(key) + "|\"" + Pattern.quote(key) + "\"|'" + Pattern.quote(key) + "')";
        return Pattern.compile("^\\s*" + (commented ? "#\\s*" : "") + quotedOrBare + "\\s*=");
    }
}
