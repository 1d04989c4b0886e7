package dev.roar.core.project;

import dev.roar.core.RoarException;
import dev.roar.core.config.ConfigTemplate;
import dev.roar.core.git.GitInspector;
import dev.roar.core.store.Session;
import dev.roar.core.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code roar init}: the {@code .roar/} directory, its store and config, and the active session. */
public final class ProjectInitializer {
    private ProjectInitializer() {
    }

    /** The project a directory would be initialized as: the top of its git work tree. */
    public static ProjectLayout layoutFor(Path workingDirectory) {
        Path root = GitInspector.workTreeRoot(workingDirectory).orElseThrow(() -> new RoarException(
                "Not in a git repository.",
                "roar identifies code by its git commit: run 'git init' (and commit your code) first."));
        return new ProjectLayout(root);
    }

    public record Result(ProjectLayout layout, boolean alreadyInitialized, Session session,
                         Optional<GitignoreUpdater.Outcome> gitignore) {
    }

    /**
     * Creates what is missing and changes nothing that exists: an initialized project is reported as
     * such (its store is still opened, which validates it).
     */
    public static Result initialize(ProjectLayout layout, boolean addToGitignore) {
        boolean already = layout.isInitialized();
        if (already) {
            try (Store store = Store.open(layout.database())) {
                Session session = store.sessions().active().orElse(null);
                return new Result(layout, true, session, Optional.empty());
            }
        }
        try {
            Files.createDirectories(layout.roarDir());
            if (!Files.exists(layout.configFile())) {
                Files.writeString(layout.configFile(), ConfigTemplate.render());
            }
        } catch (IOException e) {
            throw new RoarException("Cannot create " + layout.roarDir() + ": " + e.getMessage(),
                    "Check that you can write to " + layout.root() + ".", e);
        }
        Session session;
        try (Store store = Store.create(layout.database())) {
            session = store.sessions().ensureActive(layout.roarDir());
        }
        GitignoreUpdater.Outcome gitignore = addToGitignore
                ? GitignoreUpdater.addRoarDir(layout.gitignore())
                : (GitignoreUpdater.ignoresRoar(layout.gitignore())
                        ? GitignoreUpdater.Outcome.ALREADY_IGNORED : GitignoreUpdater.Outcome.LEFT_ALONE);
        return new Result(layout, false, session, Optional.of(gitignore));
    }
}
