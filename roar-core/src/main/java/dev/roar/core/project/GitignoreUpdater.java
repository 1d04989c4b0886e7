package dev.roar.core.project;

import dev.roar.core.RoarException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Adds {@code .roar/} to the repo's {@code .gitignore} unless a line there already ignores it. */
public final class GitignoreUpdater {
    private static final Set<String> IGNORING_LINES = Set.of(".roar", ".roar/", "/.roar", "/.roar/", ".roar/*", "/.roar/*");

    public enum Outcome { ADDED, ALREADY_IGNORED, LEFT_ALONE }

    private GitignoreUpdater() {
    }

    public static boolean ignoresRoar(Path gitignore) {
        if (!Files.isRegularFile(gitignore)) {
            return false;
        }
        try {
            return Files.readAllLines(gitignore, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .anyMatch(IGNORING_LINES::contains);
        } catch (IOException e) {
            throw new RoarException("Cannot read " + gitignore + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }

    /** Appends the line, keeping whatever the file held (and its last line) intact. */
    public static Outcome addRoarDir(Path gitignore) {
        if (ignoresRoar(gitignore)) {
            return Outcome.ALREADY_IGNORED;
        }
        try {
            String prefix = "";
            if (Files.isRegularFile(gitignore) && Files.size(gitignore) > 0) {
                byte[] content = Files.readAllBytes(gitignore);
                prefix = content[content.length - 1] == '\n' ? "" : "\n";
            }
            Files.writeString(gitignore, prefix + "# roar's lineage store and local config\n.roar/\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Outcome.ADDED;
        } catch (IOException e) {
            throw new RoarException("Cannot update " + gitignore + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }
}
