package dev.roar.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the program a command names, the way a shell's execvp would. */
public final class ProgramLocator {
    private ProgramLocator() {
    }

    /**
     * A name with a slash is a path (relative to {@code workingDirectory}); otherwise the first
     * executable regular file of that name on {@code PATH}.
     */
    public static Optional<Path> locate(String command, Path workingDirectory, String path) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (command.contains("/")) {
            Path candidate = workingDirectory.resolve(command);
            return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":", -1)) {
            Path candidate = (dir.isEmpty() ? workingDirectory : workingDirectory.resolve(dir)).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
