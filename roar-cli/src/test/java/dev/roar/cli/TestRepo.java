package dev.roar.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository with one commit, as a user's project would be. */
final class TestRepo {
    private TestRepo() {
    }

    static Path create(Path dir) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("train.py"), "print('training')\n");
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("initial").setAuthor(me).setCommitter(me).setSign(false).call();
        }
        return dir;
    }
}
