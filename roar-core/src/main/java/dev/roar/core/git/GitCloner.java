package dev.roar.core.git;

import dev.roar.core.RoarException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Clones a repository (a URL or a local path) into a new directory and checks out one commit, detached. */
public final class GitCloner {
    private GitCloner() {
    }

    /** @param ignored names added to the clone's .git/info/exclude (not a commit: the tree stays the commit's) */
    public static void cloneAt(String source, String commit, Path directory, List<String> ignored) {
        try (Git git = Git.cloneRepository().setURI(source).setDirectory(directory.toFile()).call()) {
            git.checkout().setName(commit).setForced(true).call();
            Path exclude = directory.resolve(".git/info/exclude");
            Files.createDirectories(exclude.getParent());
            Files.writeString(exclude, String.join("\n", ignored) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (GitAPIException | IOException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof RepositoryNotFoundException)) {
                root = root.getCause();
            }
            throw new RoarException("Cannot clone " + source + " at " + commit.substring(0, Math.min(12, commit.length()))
                    + ": " + String.valueOf(root.getMessage()).replaceAll("\\s+", " ").strip(), "Check that the repository is reachable and has that commit; "
                    + "what was created is left in " + directory + ".", e);
        }
    }
}
