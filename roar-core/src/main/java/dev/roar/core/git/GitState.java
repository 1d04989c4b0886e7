package dev.roar.core.git;

import java.util.List;
import java.util.Optional;

/**
 * What a job records about the code it ran: the commit (absent before the first commit), the branch
 * (absent on a detached HEAD), the remote's URL, and whether the work tree matched the commit.
 */
public record GitState(Optional<String> commit, Optional<String> branch, Optional<String> remoteUrl,
                       List<String> dirtyFiles) {
    public GitState {
        dirtyFiles = List.copyOf(dirtyFiles);
    }

    public boolean clean() {
        return dirtyFiles.isEmpty();
    }

    public boolean detached() {
        return commit.isPresent() && branch.isEmpty();
    }

    public Optional<String> shortCommit() {
        return commit.map(c -> c.substring(0, Math.min(7, c.length())));
    }
}
