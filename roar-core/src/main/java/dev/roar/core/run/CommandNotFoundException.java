package dev.roar.core.run;

/** The command names no program: nothing ran and nothing is recorded (exit 127, like a shell). */
public final class CommandNotFoundException extends RuntimeException {
    private final String command;

    public CommandNotFoundException(String command) {
        super("command not found: " + command);
        this.command = command;
    }

    public String command() {
        return command;
    }
}
