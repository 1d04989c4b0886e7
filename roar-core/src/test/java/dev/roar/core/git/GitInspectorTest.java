package dev.roar.core.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GitInspectorTest {
    private static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

    @TempDir
    Path root;

    /** Both ways of reading the state (the git binary and JGit) must give the same answer. */
    private GitState inspect(String remote) {
        GitState viaGit = GitInspector.inspect(root, remote);
        GitState viaJGit = GitInspector.inspectWithJGit(root, remote);
        List<String> jgitDirty = viaJGit.dirtyFiles().stream().filter(p -> !p.startsWith(".roar")).toList();
        assertThat(viaGit).isEqualTo(new GitState(viaJGit.commit(), viaJGit.branch(), viaJGit.remoteUrl(), jgitDirty));
        return viaGit;
    }

    private Git init() throws Exception {
        return Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
    }

    private RevCommit commitAll(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(ME).setCommitter(ME).setSign(false).call();
    }

    @Test
    void repositoryWithNoCommitsYet() throws Exception {
        try (Git git = init()) {
            GitState state = inspect("origin");
            assertThat(state.commit()).isEmpty();
            assertThat(state.branch()).contains("main");
            assertThat(state.detached()).isFalse();
            assertThat(state.remoteUrl()).isEmpty();
            assertThat(state.clean()).isTrue();
        }
    }

    @Test
    void cleanTreeAfterACommit() throws Exception {
        try (Git git = init()) {
            Files.writeString(root.resolve("train.py"), "print(1)\n");
            RevCommit commit = commitAll(git, "first");
            GitState state = inspect("origin");
            assertThat(state.commit()).contains(commit.name());
            assertThat(state.shortCommit()).contains(commit.name().substring(0, 7));
            assertThat(state.branch()).contains("main");
            assertThat(state.clean()).isTrue();
        }
    }

    @Test
    void dirtyTreeListsModifiedUntrackedAndDeletedFilesButNeverRoarsOwn() throws Exception {
        try (Git git = init()) {
            Files.writeString(root.resolve("train.py"), "print(1)\n");
            Files.writeString(root.resolve("gone.py"), "x\n");
            commitAll(git, "first");
            Files.writeString(root.resolve("train.py"), "print(2)\n");
            Files.delete(root.resolve("gone.py"));
            Files.createDirectories(root.resolve("data"));
            Files.writeString(root.resolve("data/new.csv"), "a,b\n");
            Files.createDirectories(root.resolve(".roar"));
            Files.writeString(root.resolve(".roar/roar.db"), "");
            Files.writeString(root.resolve(".roar/config.toml"), "");

            GitState state = inspect("origin");
            assertThat(state.clean()).isFalse();
            assertThat(state.dirtyFiles()).containsExactly("data/new.csv", "gone.py", "train.py");
        }
    }

    @Test
    void onlyRoarFilesChangedIsClean() throws Exception {
        try (Git git = init()) {
            Files.writeString(root.resolve("a.txt"), "a\n");
            commitAll(git, "first");
            Files.createDirectories(root.resolve(".roar"));
            Files.writeString(root.resolve(".roar/roar.db"), "x");
            assertThat(inspect("origin").clean()).isTrue();
        }
    }

    @Test
    void detachedHeadHasACommitAndNoBranch() throws Exception {
        try (Git git = init()) {
            Files.writeString(root.resolve("a.txt"), "1\n");
            RevCommit first = commitAll(git, "first");
            Files.writeString(root.resolve("a.txt"), "2\n");
            commitAll(git, "second");
            git.checkout().setName(first.name()).call();

            GitState state = inspect("origin");
            assertThat(state.commit()).contains(first.name());
            assertThat(state.branch()).isEmpty();
            assertThat(state.detached()).isTrue();
            assertThat(state.clean()).isTrue();
        }
    }

    @Test
    void remoteUrlComesFromTheConfiguredRemote() throws Exception {
        try (Git git = init()) {
            var config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", "git@example.com:team/pipeline.git");
            config.setString("remote", "upstream", "url", "https://example.com/up/pipeline.git");
            config.save();
            assertThat(inspect("origin").remoteUrl()).contains("git@example.com:team/pipeline.git");
            assertThat(inspect("upstream").remoteUrl()).contains("https://example.com/up/pipeline.git");
            assertThat(inspect("nope").remoteUrl()).isEmpty();
        }
    }

    @Test
    void workTreeRootIsFoundFromASubdirectoryAndAbsentOutsideARepo() throws Exception {
        try (Git git = init()) {
            Path sub = Files.createDirectories(root.resolve("a/b"));
            assertThat(GitInspector.workTreeRoot(sub)).contains(root.toRealPath());
        }
        Path outside = Files.createTempDirectory("roar-not-a-repo");
        try {
            assertThat(GitInspector.workTreeRoot(outside)).isEmpty();
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void namesThatAreNotUtf8AreComparedByTheirBytes() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(root.resolve("a.txt"), "a");
        createWithRawName("bad\\xffname");
        git("add", "-A");
        git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        assertThat(inspect("origin").clean()).isTrue();
        assertThat(TrackedFiles.of(root)).isEqualTo(TrackedFiles.withJGit(root)).hasSize(2);

        createWithRawName("new\\xfename");
        GitState state = inspect("origin");
        assertThat(state.clean()).isFalse();
        assertThat(state.dirtyFiles()).hasSize(1).allSatisfy(f -> assertThat(f).startsWith("new"));
    }

    @Test
    void stagedRenamesAndNamesWithSpacesAgreeBetweenGitAndJGit() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(root.resolve("old name.txt"), "a\n");
        Files.writeString(root.resolve("keep.txt"), "k\n");
        git("add", "-A");
        git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        git("mv", "old name.txt", "new name.txt");
        Files.writeString(root.resolve("keep.txt"), "changed\n");
        Files.createDirectories(root.resolve("dir with space"));
        Files.writeString(root.resolve("dir with space/untracked file.py"), "u\n");
        GitState state = inspect("origin");
        assertThat(state.dirtyFiles()).containsExactly("dir with space/untracked file.py", "keep.txt", "new name.txt", "old name.txt");
        assertThat(TrackedFiles.of(root)).isEqualTo(TrackedFiles.withJGit(root)).containsExactlyInAnyOrder("keep.txt", "new name.txt");
        assertThat(state.branch()).contains("main");
    }

    private void createWithRawName(String pythonBytesName) throws Exception {
        run("python3", "-c", "open(b'" + pythonBytesName + "', 'wb').write(b'x')");
    }

    private void git(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        run(command.toArray(String[]::new));
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
