package dev.roar.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The git binary, for the one question JGit cannot answer exactly: status with non-UTF-8 names. */
final class GitCli {
    private GitCli() {
    }

    /** Changed and untracked paths as `git status --porcelain -z` lists them; empty if git cannot run. */
    static Optional<TreeSet<String>> status(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-c", "core.quotePath=false", "status", "--porcelain=v1", "-z",
                    "--untracked-files=all").directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return Optional.empty();
            }
            TreeSet<String> paths = new TreeSet<>();
            int start = 0;
            boolean skipNext = false;
            for (int i = 0; i < out.length; i++) {
                if (out[i] != 0) {
                    continue;
                }
                String entry = new String(out, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                if (skipNext) {
                    skipNext = false; // the source of a rename
                    continue;
                }
                if (entry.length() > 3) {
                    paths.add(entry.substring(3));
                    skipNext = entry.charAt(0) == 'R' || entry.charAt(0) == 'C';
                }
            }
            return Optional.of(paths);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
