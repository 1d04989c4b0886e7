package dev.roar.cli;

import dev.roar.core.store.Store;
import dev.roar.trace.NativeWarmUp;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Entry point of bin/roar. */
public final class Main {
    /** Commands whose first real work is opening the store. */
    private static final java.util.Set<String> STORE_READERS = java.util.Set.of("status", "dag", "log", "show", "diff", "label", "pop", "reset");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("run") || args[0].equals("build"))) {
            // Overlaps the tracer's native linking with argument parsing, config and the git check.
            NativeWarmUp.startForTracing();
        } else if (args.length > 0 && STORE_READERS.contains(args[0])) {
            Store.loadDriverAhead();
        }
        CliContext context = new CliContext(Path.of("").toAbsolutePath(), System.getenv(), Prompter.console());
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        System.exit(RoarCli.run(context, out, err, args));
    }
}
