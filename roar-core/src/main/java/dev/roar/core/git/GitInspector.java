package dev.roar.core.git;

import dev.roar.core.RoarException;
import dev.roar.core.project.ProjectLayout;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Reads a work tree's git state: through the git binary when there is one (fast), else through JGit. */
public final class GitInspector {
    private GitInspector() {
    }

    /** The top level of the work tree containing {@code start}, if it is inside one. */
    public static Optional<Path> workTreeRoot(Path start) {
        JGitSetup.ready();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.setMustExist(true).build()) {
            return repository.isBare() ? Optional.empty()
                    : Optional.of(repository.getWorkTree().toPath().toAbsolutePath().normalize());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The state of the work tree at {@code root}; {@code remoteName} is the remote whose URL is
     * recorded (config {@code git.remote}). Files under {@code .roar/} never count as changes: they are
     * roar's own, whether or not the user has ignored them yet.
     */
    public static GitState inspect(Path root, String remoteName) {
        GitState state = GitCli.inspect(root, remoteName).orElseGet(() -> inspectWithJGit(root, remoteName));
        List<String> dirty = state.dirtyFiles().stream()
                .filter(path -> !path.equals(ProjectLayout.ROAR_DIR) && !path.startsWith(ProjectLayout.ROAR_DIR + "/")).toList();
        return new GitState(state.commit(), state.branch(), state.remoteUrl(), dirty);
    }

    /** The same answer without a git binary. */
    static GitState inspectWithJGit(Path root, String remoteName) {
        JGitSetup.ready();
        try (Git git = Git.open(root.toFile())) {
            Repository repository = git.getRepository();
            ObjectId head = repository.resolve(Constants.HEAD);
            Optional<String> commit = Optional.ofNullable(head).map(ObjectId::name);
            String fullBranch = repository.getFullBranch();
            Optional<String> branch = fullBranch != null && fullBranch.startsWith(Constants.R_HEADS)
                    ? Optional.of(Repository.shortenRefName(fullBranch))
                    : Optional.empty();
            Optional<String> remote = Optional.ofNullable(
                    repository.getConfig().getString("remote", remoteName, "url"));

            Status status = git.status().call();
            java.util.SortedSet<String> dirty = new TreeSet<>();
            dirty.addAll(status.getAdded());
            dirty.addAll(status.getChanged());
            dirty.addAll(status.getRemoved());
            dirty.addAll(status.getMissing());
            dirty.addAll(status.getModified());
            dirty.addAll(status.getConflicting());
            dirty.addAll(status.getUntracked());
            if (dirty.stream().anyMatch(path -> path.indexOf('\uFFFD') >= 0)) {
                // A file name that is not UTF-8: the JVM cannot spell it, so JGit sees the committed
                // name and the file on disk as two different files. git itself compares bytes.
                dirty = GitCli.status(root).map(s -> (java.util.SortedSet<String>) s).orElse(dirty);
            }
            return new GitState(commit, branch, remote, dirty.stream().toList());
        } catch (IOException | GitAPIException e) {
            throw new RoarException("Cannot read the git repository at " + root + ": " + e.getMessage(),
                    "Check that 'git status' works there.", e);
        }
    }
}
