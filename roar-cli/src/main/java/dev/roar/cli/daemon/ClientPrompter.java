package dev.roar.cli.daemon;

import dev.roar.cli.Prompter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Asks on the client's terminal, as {@link Prompter#console()} does on roar's own. */
final class ClientPrompter implements Prompter {
    private final boolean terminal;
    private final PrintWriter out;
    private final BufferedReader in;

    ClientPrompter(boolean terminal, PrintWriter out, InputStream in) {
        this.terminal = terminal;
        this.out = out;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
    }

    @Override
    public Optional<Boolean> confirm(String question, boolean defaultAnswer) {
        if (!terminal) {
            return Optional.empty();
        }
        out.printf("%s [%s] ", question, defaultAnswer ? "Y/n" : "y/N");
        out.flush();
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (line == null) {
            return Optional.of(defaultAnswer);
        }
        String answer = line.strip().toLowerCase(Locale.ROOT);
        return Optional.of(answer.isEmpty() ? defaultAnswer : answer.startsWith("y"));
    }
}
