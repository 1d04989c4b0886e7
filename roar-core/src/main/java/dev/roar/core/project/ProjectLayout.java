package dev.roar.core.project;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a roar project keeps its files. The root is the git work tree's top level. */
public record ProjectLayout(Path root) {
    public static final String ROAR_DIR = ".roar";

    public ProjectLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path roarDir() {
        return root.resolve(ROAR_DIR);
    }

    public Path database() {
        return roarDir().resolve("roar.db");
    }

    public Path configFile() {
        return roarDir().resolve("config.toml");
    }

    /** The committed, team-wide config at the repo root. */
    public Path sharedConfigFile() {
        return root.resolve(".roarconfig");
    }

    public Path gitignore() {
        return root.resolve(".gitignore");
    }

    public boolean isInitialized() {
        return Files.isRegularFile(database());
    }

    /** A path inside the project shown relative to its root, for messages. */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
