package dev.roar.core.config;

import dev.roar.core.RoarException;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads TOML files, turning syntax errors into one line with file, line and column. */
final class TomlFiles {
    private TomlFiles() {
    }

    private static final Pattern TABLE_HEADER = Pattern.compile("\\s*\\[\\s*[A-Za-z0-9_-]+(\\s*\\.\\s*[A-Za-z0-9_-]+)*\\s*]\\s*(#.*)?");

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new RoarException("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }

    /**
     * Whether the text holds nothing but comments, blank lines and distinct plain table headers, as the
     * config template roar init writes does until a key is uncommented. Such a file sets nothing, and
     * skipping the parser for it saves ~40 ms of every cold start (tomlj's ANTLR grammar initialises on
     * first use). Anything else, including a repeated header (invalid TOML), goes through the parser.
     */
    static boolean declaresNoKeys(String text) {
        Set<String> headers = new HashSet<>();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (!TABLE_HEADER.matcher(line).matches()) {
                return false;
            }
            String name = trimmed.substring(1, trimmed.indexOf(']')).replaceAll("\\s", "");
            if (!headers.add(name)) {
                return false;
            }
        }
        return true;
    }

    static TomlParseResult parse(Path file, String text) {
        TomlParseResult result = Toml.parse(text);
        if (result.hasErrors()) {
            TomlParseError first = result.errors().getFirst();
            throw new RoarException(file + ":" + first.position().line() + ":" + first.position().column()
                    + ": invalid TOML: " + first.getMessage(),
                    "Fix the file at that position; roar changes nothing until it parses.");
        }
        return result;
    }
}
