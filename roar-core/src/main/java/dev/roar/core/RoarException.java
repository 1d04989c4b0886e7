package dev.roar.core;

import java.util.Optional;

/**
 * A failure the user can act on: a one-line message naming the problem, and a hint naming the fix.
 * The CLI prints these without a stack trace; anything else escaping a command is a bug.
 */
public final class RoarException extends RuntimeException {
    private final String hint;

    public RoarException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public RoarException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public RoarException(String message) {
        this(message, null);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
