package dev.roar.core.git;

import dev.roar.core.env.HelperEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The git binary. Asked first for a work tree's state because one `git status` costs ~5 ms where JGit
 * in a fresh JVM costs ~70 (its classes load and run interpreted); and it is the only exact answer for
 * file names that are not UTF-8. Every method is empty when git is missing or refuses (not a repository,
 * "dubious ownership"), and the caller falls back to JGit.
 */
final class GitCli {
    private GitCli() {
    }

    /** Commit, branch, remote URL and changed paths, from `git status --porcelain=v2 --branch -z` and `git config`. */
    static Optional<GitState> inspect(Path root, String remoteName) {
        try {
            Process status = start(root, "-c", "core.quotePath=false", "status", "--porcelain=v2", "--branch", "-z",
                    "--untracked-files=all");
            Process remote = start(root, "config", "--get", "remote." + remoteName + ".url");
            byte[] statusOut = readAll(status.getInputStream());
            byte[] remoteOut = readAll(remote.getInputStream());
            if (!finished(status) || status.exitValue() != 0 || !finished(remote)) {
                return Optional.empty();
            }
            // `git config --get` exits 1 when the key is not set: no remote, not a failure.
            Optional<String> remoteUrl = remote.exitValue() == 0
                    ? Optional.of(new String(remoteOut, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
            return Optional.of(parseStatus(statusOut, remoteUrl));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static GitState parseStatus(byte[] out, Optional<String> remoteUrl) {
        Optional<String> commit = Optional.empty();
        Optional<String> branch = Optional.empty();
        List<String> changed = new ArrayList<>();
        List<String> records = records(out);
        for (int i = 0; i < records.size(); i++) {
            String record = records.get(i);
            if (record.startsWith("# branch.oid ")) {
                String oid = record.substring("# branch.oid ".length());
                commit = oid.equals("(initial)") ? Optional.empty() : Optional.of(oid);
            } else if (record.startsWith("# branch.head ")) {
                String head = record.substring("# branch.head ".length());
                branch = head.equals("(detached)") ? Optional.empty() : Optional.of(head);
            } else if (record.startsWith("1 ")) {
                changed.add(field(record, 8));
            } else if (record.startsWith("2 ")) {
                changed.add(field(record, 9));
                if (i + 1 < records.size()) {
                    changed.add(records.get(++i)); // the rename's or copy's source
                }
            } else if (record.startsWith("u ")) {
                changed.add(field(record, 10));
            } else if (record.startsWith("? ")) {
                changed.add(record.substring(2));
            }
        }
        return new GitState(commit, branch, remoteUrl, new ArrayList<>(new TreeSet<>(changed)));
    }

    /** The index's paths, as `git ls-files -z` lists them. */
    static Optional<Set<String>> trackedFiles(Path root) {
        try {
            Process git = start(root, "ls-files", "-z");
            byte[] out = readAll(git.getInputStream());
            if (!finished(git) || git.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new HashSet<>(records(out)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Changed and untracked paths as `git status --porcelain -z` lists them; empty if git cannot run. */
    static Optional<TreeSet<String>> status(Path root) {
        return inspect(root, "origin").map(state -> new TreeSet<>(state.dirtyFiles()));
    }

    /** The path of a porcelain v2 record: everything after its first {@code fields} space-separated fields. */
    private static String field(String record, int fields) {
        int at = 0;
        for (int i = 0; i < fields; i++) {
            at = record.indexOf(' ', at) + 1;
        }
        return record.substring(at);
    }

    private static List<String> records(byte[] out) {
        List<String> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                records.add(new String(out, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return records;
    }

    private static Process start(Path root, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = HelperEnvironment.applyTo(new ProcessBuilder(command)).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // The work tree at root, as JGit sees it, whatever a calling git hook exported.
        builder.environment().keySet().removeAll(List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"));
        return builder.start();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static boolean finished(Process process) throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return true;
    }
}
