package dev.roar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InitIT {
    @TempDir
    Path dir;

    @Test
    void outsideAGitRepositoryInitRefusesAndCreatesNothing() throws Exception {
        RoarProcess.Result result = RoarProcess.run(dir, "init", "-y");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error: Not in a git repository.").contains("git init");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(dir.resolve(".roar")).doesNotExist();
    }

    @Test
    void freshInitWithYesCreatesStoreConfigAndIgnoreLine() throws Exception {
        Path repo = TestRepo.create(dir);
        RoarProcess.Result result = RoarProcess.run(repo, "init", "-y");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Initialized roar in " + repo.toRealPath())
                .contains("database:  .roar/roar.db").contains("gitignore: updated");
        assertThat(repo.resolve(".roar/roar.db")).isRegularFile();
        assertThat(repo.resolve(".roar/config.toml")).content().contains("# roar project configuration").contains("[tracer]");
        assertThat(repo.resolve(".gitignore")).content().contains(".roar/");
        assertThat(Files.readAllBytes(repo.resolve(".roar/roar.db"))).startsWith("SQLite format 3".getBytes());
    }

    @Test
    void secondInitReportsAndChangesNothing() throws Exception {
        Path repo = TestRepo.create(dir);
        assertThat(RoarProcess.run(repo, "init", "-y").exitCode()).isZero();
        Map<String, String> before = snapshot(repo);

        RoarProcess.Result again = RoarProcess.run(repo, "init", "-y");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already initialized").contains("nothing changed");
        assertThat(snapshot(repo)).isEqualTo(before);
    }

    @Test
    void noGitignoreFlagLeavesItAlone() throws Exception {
        Path repo = TestRepo.create(dir);
        RoarProcess.Result result = RoarProcess.run(repo, "init", "-n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("gitignore: unchanged");
        assertThat(repo.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void withoutAFlagAndWithoutATerminalTheLineIsAdded() throws Exception {
        Path repo = TestRepo.create(dir);
        Files.writeString(repo.resolve(".gitignore"), "target/");
        RoarProcess.Result result = RoarProcess.run(repo, "init");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(repo.resolve(".gitignore")).content().startsWith("target/\n").contains(".roar/\n");
    }

    @Test
    void onATerminalInitAsksAndRespectsNo() throws Exception {
        Path repo = TestRepo.create(dir);
        RoarProcess.Result result = inTerminal(repo, "n\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Add .roar/ to .gitignore? [Y/n]").contains("gitignore: unchanged");
        assertThat(repo.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void onATerminalEnterTakesTheDefaultOfAdding() throws Exception {
        Path repo = TestRepo.create(dir);
        RoarProcess.Result result = inTerminal(repo, "\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Add .roar/ to .gitignore?").contains("gitignore: updated");
        assertThat(repo.resolve(".gitignore")).content().contains(".roar/");
    }

    @Test
    void fromASubdirectoryInitSetsUpTheRepositoryTop() throws Exception {
        Path repo = TestRepo.create(dir);
        Path sub = Files.createDirectories(repo.resolve("src/models"));
        RoarProcess.Result result = RoarProcess.run(sub, "init", "-y");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(repo.resolve(".roar/roar.db")).isRegularFile();
        assertThat(sub.resolve(".roar")).doesNotExist();
    }

    @Test
    void pathOptionChoosesTheRepository() throws Exception {
        Path repo = TestRepo.create(Files.createDirectories(dir.resolve("project")));
        RoarProcess.Result result = RoarProcess.run(dir, "init", "-y", "--path", "project");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(repo.resolve(".roar/roar.db")).isRegularFile();
    }

    @Test
    void yesAndNoTogetherIsAUsageError() throws Exception {
        Path repo = TestRepo.create(dir);
        RoarProcess.Result result = RoarProcess.run(repo, "init", "-y", "-n");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("mutually exclusive");
        assertThat(repo.resolve(".roar")).doesNotExist();
    }

    @Test
    void corruptStoreIsNamedAndKept() throws Exception {
        Path repo = TestRepo.create(dir);
        assertThat(RoarProcess.run(repo, "init", "-y").exitCode()).isZero();
        Path db = repo.resolve(".roar/roar.db");
        Files.writeString(db, "this is not a database, it is a shopping list\n");
        RoarProcess.Result result = RoarProcess.run(repo, "init");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error: " + db.toRealPath() + " is not a roar store").contains("mv ");
        assertThat(db).hasContent("this is not a database, it is a shopping list");
    }

    /** Runs `roar init` under a pseudo-terminal (util-linux script), typing {@code answer}. */
    private static RoarProcess.Result inTerminal(Path repo, String answer) {
        return RoarProcess.exec(repo, Map.of(), answer,
                List.of("script", "-qec", RoarProcess.LAUNCHER + " init", "/dev/null"));
    }

    private static Map<String, String> snapshot(Path repo) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).toList()) {
                files.put(repo.relativize(p) + " " + Files.getLastModifiedTime(p).toMillis(),
                        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }
}
