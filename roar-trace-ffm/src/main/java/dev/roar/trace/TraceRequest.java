package dev.roar.trace;

import dev.roar.trace.launch.CommandStarter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command to run under a tracer: {@code argv} exactly as the user typed it, {@code executable}
 * the program it resolved to (see {@link ProgramLocator}), and where its stdio goes (inherited
 * unless redirected to files, which tests need so a traced child never writes into their channel), and
 * who starts its first process: this JVM, or the roar client the daemon serves (see {@link CommandStarter}).
 */
public record TraceRequest(List<String> argv, Path executable, Path workingDirectory,
                           Map<String, String> environment, Stdio stdio, CommandStarter starter) {
    public TraceRequest {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /** Started by this JVM. */
    public TraceRequest(List<String> argv, Path executable, Path workingDirectory, Map<String, String> environment, Stdio stdio) {
        this(argv, executable, workingDirectory, environment, stdio, CommandStarter.LOCAL);
    }

    public record Stdio(Optional<Path> in, Optional<Path> out, Optional<Path> err) {
        public static final Stdio INHERIT = new Stdio(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
