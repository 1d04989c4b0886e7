package dev.roar.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may know about the world it runs in. Main fills it from the process; tests fill it
 * with a temporary directory and an environment of their own, since a JVM cannot change its cwd.
 */
public record CliContext(Path workingDirectory, Map<String, String> environment, Prompter prompter) {
    public CliContext {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }
}
