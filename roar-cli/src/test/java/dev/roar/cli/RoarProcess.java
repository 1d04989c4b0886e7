package dev.roar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real launcher (bin/roar) as a user would, in a directory of the test's choosing. Without the roar
 * daemon, unless a test class serves its commands through one (see {@link #serveThroughDaemon}).
 */
final class RoarProcess {
    static final Path LAUNCHER = Path.of(System.getProperty("roar.launcher", "../bin/roar")).toAbsolutePath().normalize();
    private static final Map<String, String> NO_DAEMON = Map.of("ROAR_DAEMON", "0");
    /** What every launch gets besides the test's own variables: which daemon, if any. */
    private static volatile Map<String, String> daemon = NO_DAEMON;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(Path directory, String... args) {
        return run(directory, Map.of(), null, args);
    }

    static Result run(Path directory, Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return exec(directory, env, stdin, command);
    }

    static Result exec(Path directory, Map<String, String> env, String stdin, List<String> command) {
        try {
            Path out = Files.createTempFile("roar-out", ".txt");
            Path err = Files.createTempFile("roar-err", ".txt");
            try {
                ProcessBuilder builder = builder(directory, command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                if (stdin == null) {
                    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                }
                Process process = builder.start();
                if (stdin != null) {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A launch of {@code command} in {@code directory}: no ROAR_ variable of the test's own, the daemon's if one serves. */
    static ProcessBuilder builder(Path directory, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ROAR_"));
        builder.environment().putAll(daemon);
        return builder;
    }

    /**
     * From now on the commands the daemon serves must be served by one (ROAR_DAEMON=require), whose state is
     * in {@code stateDir}: started here by a first command (which bin/roar runs itself, starting the daemon).
     */
    static void serveThroughDaemon(Path stateDir) throws InterruptedException {
        Map<String, String> environment = Map.of("ROAR_DAEMON", "1", "ROAR_DAEMON_DIR", stateDir.toString(),
                "ROAR_DAEMON_IDLE", "900");
        daemon = environment;
        run(stateDir.getParent(), "status"); // not a project: it fails, and starts the daemon
        new DaemonStateDir(stateDir).awaitPid();
        Map<String, String> required = new java.util.HashMap<>(environment);
        required.put("ROAR_DAEMON", "require");
        daemon = Map.copyOf(required);
    }

    /** Stops the daemon {@link #serveThroughDaemon} started (its log goes to the test's output) and goes back to running without one. */
    static void stopDaemon(Path stateDir) {
        daemon = NO_DAEMON;
        DaemonStateDir state = new DaemonStateDir(stateDir);
        System.out.println("roar daemon log:\n" + state.log());
        state.stop();
    }
}
