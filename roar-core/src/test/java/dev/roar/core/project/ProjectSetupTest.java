package dev.roar.core.project;

import dev.roar.core.RoarException;
import dev.roar.core.store.Store;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectSetupTest {
    @TempDir
    Path root;

    @Test
    void initializeCreatesStoreConfigSessionAndIgnoreLine() throws Exception {
        Git.init().setDirectory(root.toFile()).call().close();
        ProjectLayout layout = ProjectInitializer.layoutFor(root);
        ProjectInitializer.Result result = ProjectInitializer.initialize(layout, true);

        assertThat(result.alreadyInitialized()).isFalse();
        assertThat(layout.database()).isRegularFile();
        assertThat(layout.configFile()).content().contains("[tracer]");
        assertThat(result.gitignore()).contains(GitignoreUpdater.Outcome.ADDED);
        assertThat(layout.gitignore()).content().contains(".roar/\n");
        try (Store store = Store.open(layout.database())) {
            assertThat(store.sessions().active()).get().isEqualTo(result.session());
        }
    }

    @Test
    void secondInitializeChangesNothing() throws Exception {
        Git.init().setDirectory(root.toFile()).call().close();
        ProjectLayout layout = ProjectInitializer.layoutFor(root);
        ProjectInitializer.initialize(layout, true);
        Files.writeString(layout.configFile(), "[output]\nquiet = true\n");
        long dbModified = Files.getLastModifiedTime(layout.database()).toMillis();
        String gitignore = Files.readString(layout.gitignore());

        ProjectInitializer.Result again = ProjectInitializer.initialize(layout, true);
        assertThat(again.alreadyInitialized()).isTrue();
        assertThat(layout.configFile()).hasContent("[output]\nquiet = true\n");
        assertThat(layout.gitignore()).hasContent(gitignore);
        assertThat(Files.getLastModifiedTime(layout.database()).toMillis()).isEqualTo(dbModified);
    }

    @Test
    void outsideAGitRepositoryInitRefuses() throws Exception {
        Path plain = Files.createTempDirectory("roar-plain");
        try {
            assertThatThrownBy(() -> ProjectInitializer.layoutFor(plain))
                    .isInstanceOf(RoarException.class).hasMessage("Not in a git repository.")
                    .satisfies(e -> assertThat(((RoarException) e).hint()).get().asString().contains("git init"));
        } finally {
            Files.delete(plain);
        }
    }

    @Test
    void gitignoreLinesAreAppendedOnlyWhenMissing() throws Exception {
        Path gitignore = root.resolve(".gitignore");
        Files.writeString(gitignore, "target/\n*.log");  // no trailing newline
        assertThat(GitignoreUpdater.addRoarDir(gitignore)).isEqualTo(GitignoreUpdater.Outcome.ADDED);
        assertThat(gitignore).content().startsWith("target/\n*.log\n").endsWith(".roar/\n");
        assertThat(GitignoreUpdater.addRoarDir(gitignore)).isEqualTo(GitignoreUpdater.Outcome.ALREADY_IGNORED);

        Files.writeString(gitignore, "/.roar\n");
        assertThat(GitignoreUpdater.ignoresRoar(gitignore)).isTrue();
        Files.writeString(gitignore, ".roarconfig\n");
        assertThat(GitignoreUpdater.ignoresRoar(gitignore)).isFalse();
    }

    @Test
    void locatorFindsTheProjectFromSubdirectoriesAndStopsAtTheRepositoryTop() throws Exception {
        Git.init().setDirectory(root.toFile()).call().close();
        ProjectLayout layout = ProjectInitializer.layoutFor(root);
        ProjectInitializer.initialize(layout, false);
        Path deep = Files.createDirectories(root.resolve("src/pkg/deep"));
        assertThat(ProjectLocator.find(deep)).contains(layout);

        Path nested = Files.createDirectories(root.resolve("vendor/other"));
        Git.init().setDirectory(nested.toFile()).call().close();
        assertThat(ProjectLocator.find(nested)).isEmpty();
        assertThatThrownBy(() -> ProjectLocator.require(nested))
                .isInstanceOf(RoarException.class)
                .hasMessage("roar is not initialized in this directory.");
    }
}
