package dev.roar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real launcher (bin/roar) as a user would, in a directory of the test's choosing. */
final class RoarProcess {
    static final Path LAUNCHER = Path.of(System.getProperty("roar.launcher", "../bin/roar")).toAbsolutePath().normalize();

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
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().keySet().removeIf(k -> k.startsWith("ROAR_"));
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
}
