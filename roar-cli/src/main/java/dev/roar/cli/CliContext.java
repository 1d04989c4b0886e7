package dev.roar.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may know about the world it runs in. Main fills it from the process; tests fill it
 * with a temporary directory and an environment of their own, since a JVM cannot change its cwd; the
 * daemon fills it from the roar client it serves.
 */
public record CliContext(Path workingDirectory, Map<String, String> environment, Prompter prompter, Host host) {
    public CliContext {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /** An invocation of this JVM itself. */
    public CliContext(Path workingDirectory, Map<String, String> environment, Prompter prompter) {
        this(workingDirectory, environment, prompter, LocalHost.INSTANCE);
    }
}
