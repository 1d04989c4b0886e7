package dev.roar.cli;

import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the build's JDK AOT cache (bin/roar with ROAR_BUILD_AOT_CACHE): the commands a
 * user types most, in one JVM, in a scratch git repository, so the classes they load and link are
 * cached and every later `roar` starts with them ready. What each command prints is discarded.
 */
public final class AotTraining {
    /**
     * Enough stops (hundreds of opens, dozens of execs and forks) for the tracer's per-event methods to be
     * profiled in training: the cache then carries their profiles, and the JIT compiles them early in a
     * user's run instead of interpreting the first few thousand stops of every traced command.
     */
    private static final String BUSY_JOB = "mkdir -p busy && for i in $(seq 1 400); do echo $i > busy/$i; done"
            + " && for i in $(seq 1 40); do cat busy/$i busy/1$i > /dev/null; done && cat busy/* > busy.txt";

    private static final List<List<String>> COMMANDS = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("run", "-q", "--tracer", "ptrace", "sh", "-c", "cat input.txt > middle.txt"),
            List.of("run", "-q", "cp", "middle.txt", "output.txt"),
            List.of("run", "-q", "--tracer", "ptrace", "cp", "middle.txt", "output.txt"),
            List.of("run", "-q", "--tracer", "ptrace", "sh", "-c", BUSY_JOB),
            List.of("run", "-q", "--tracer", "ebpf", "sh", "-c", BUSY_JOB),
            List.of("status"),
            List.of("log"),
            List.of("dag"),
            List.of("dag", "--json"),
            List.of("show", "@1"),
            List.of("show", "output.txt"),
            List.of("diff", "@1", "@2"),
            List.of("label", "set", "@1", "stage=train"),
            List.of("config", "list"),
            List.of("env", "list"),
            List.of("tracer"),
            List.of("nosuchcommand"));

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Files.createTempDirectory("roar-aot-training");
        try {
            try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
                Files.writeString(repo.resolve("input.txt"), "training input\n");
                Files.writeString(repo.resolve(".gitignore"), "middle.txt\noutput.txt\nbusy/\nbusy.txt\n");
                roar(repo, "init", "-y");
                git.add().addFilepattern(".").call();
                git.commit().setMessage("training").setAuthor("roar", "roar@localhost").setCommitter("roar", "roar@localhost")
                        .setSign(false).call();
                for (List<String> command : COMMANDS) {
                    roar(repo, command.toArray(String[]::new));
                }
            }
        } finally {
            delete(repo);
        }
    }

    private static void roar(Path repo, String... args) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("ROAR_BUILD_AOT_CACHE");
        CliContext context = new CliContext(repo, environment, Prompter.NON_INTERACTIVE);
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        RoarCli.run(context, discard, discard, args);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
