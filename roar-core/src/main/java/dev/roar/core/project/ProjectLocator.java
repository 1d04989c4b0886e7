package dev.roar.core.project;

import dev.roar.core.RoarException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the roar project that a working directory belongs to, so every command works from any
 * subdirectory of the repository. Plain file checks only: this runs on every command start.
 */
public final class ProjectLocator {
    private ProjectLocator() {
    }

    /**
     * Walks up from {@code start}: the first directory holding {@code .roar/roar.db} is the project;
     * the walk stops at the git top level ({@code .git} directory or file) so a {@code .roar} in a
     * parent repository or in the home directory is never picked up by mistake.
     */
    public static Optional<ProjectLayout> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            ProjectLayout candidate = new ProjectLayout(dir);
            if (candidate.isInitialized()) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static ProjectLayout require(Path start) {
        return find(start).orElseThrow(() -> new RoarException(
                "roar is not initialized in this directory.",
                "Run 'roar init' at the top of your git repository first."));
    }
}
