package dev.roar.cli;

import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/** Asks the user a yes/no question when someone is there to answer. */
public interface Prompter {
    /** The answer, or empty when there is no terminal to ask on (the caller picks the default). */
    Optional<Boolean> confirm(String question, boolean defaultAnswer);

    /** Never asks: for pipes, CI and tests. */
    Prompter NON_INTERACTIVE = (question, defaultAnswer) -> Optional.empty();

    /** Asks on the controlling terminal when stdin and stdout are both one. */
    static Prompter console() {
        return (question, defaultAnswer) -> {
            Console console = System.console();
            if (console == null || !console.isTerminal()) {
                return Optional.empty();
            }
            String line = console.readLine("%s [%s] ", question, defaultAnswer ? "Y/n" : "y/N");
            if (line == null) {
                return Optional.of(defaultAnswer);
            }
            String answer = line.strip().toLowerCase(Locale.ROOT);
            if (answer.isEmpty()) {
                return Optional.of(defaultAnswer);
            }
            return Optional.of(answer.startsWith("y"));
        };
    }
}
