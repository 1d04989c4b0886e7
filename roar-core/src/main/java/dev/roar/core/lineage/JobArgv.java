package dev.roar.core.lineage;

import dev.roar.core.json.JsonReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A job's command as the argv it ran with: recorded in its metadata; else the command line split like a shell. */
public final class JobArgv {
    private JobArgv() {
    }

    public static List<String> of(LineageJob job) {
        try {
            Map<String, Object> metadata = JsonReader.object(job.metadata());
            if (metadata.get("argv") instanceof List<?> argv && !argv.isEmpty()) {
                return argv.stream().map(String::valueOf).toList();
            }
        } catch (IllegalArgumentException e) {
            // metadata written by something else: fall back to the command line
        }
        return split(job.command());
    }

    /** POSIX-shell word splitting of what {@code ShellWords.join} writes: plain words, '...' quoting, backslashes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
