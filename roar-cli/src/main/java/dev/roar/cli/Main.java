package dev.roar.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Entry point of bin/roar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliContext context = new CliContext(Path.of("").toAbsolutePath(), System.getenv(), Prompter.console());
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        System.exit(RoarCli.run(context, out, err, args));
    }
}
