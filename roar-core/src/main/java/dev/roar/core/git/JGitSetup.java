package dev.roar.core.git;

import org.eclipse.jgit.util.FS;

import java.io.File;

/** JGit's one-time set-up, run on first JGit use only, so a roar that asks the git binary loads no JGit class. */
final class JGitSetup {
    static {
        // Left to itself JGit finds git's system config by running `git --version` and
        // `git config --system --show-origin` on first use: two process spawns (~0.2 s here) on every
        // roar start. Debian's git keeps it at /etc/gitconfig; JGit reads it if it exists.
        FS.DETECTED.setGitSystemConfig(new File("/etc/gitconfig"));
    }

    private JGitSetup() {
    }

    static void ready() {
    }
}
