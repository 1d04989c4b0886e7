package dev.roar.core.config;

import dev.roar.core.RoarException;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads TOML files, turning syntax errors into one line with file, line and column. */
final class TomlFiles {
    private TomlFiles() {
    }

    static TomlParseResult read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RoarException("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
        return parse(file, text);
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
