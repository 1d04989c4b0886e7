package dev.roar.core.git;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The repo-relative paths in git's index: what the commit identifies. From `git ls-files`, else JGit. */
public final class TrackedFiles {
    private TrackedFiles() {
    }

    public static Set<String> of(Path workTree) {
        return GitCli.trackedFiles(workTree).orElseGet(() -> withJGit(workTree));
    }

    static Set<String> withJGit(Path workTree) {
        JGitSetup.ready();
        try (Repository repository = new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true).build()) {
            DirCache index = repository.readDirCache();
            Set<String> paths = new HashSet<>(index.getEntryCount() * 2);
            for (int i = 0; i < index.getEntryCount(); i++) {
                paths.add(index.getEntry(i).getPathString());
            }
            return paths;
        } catch (IOException | IllegalArgumentException e) {
            return Set.of();
        }
    }
}
