package dev.roar.core;

import java.util.Optional;

/**
 * A failure the user can act on: a one-line message naming the problem, and a hint naming the fix.
 * The CLI prints these without a stack trace; anything else escaping a command is a bug.
 */
public final class RoarException extends RuntimeException {
    private final String hint;
    private final java.util.List<String> details;

    public RoarException(String message, String hint) {
        this(message, hint, java.util.List.of());
    }

    /** With {@code details}: lines that follow the message (the dirty files of a blocked run). */
    public RoarException(String message, String hint, java.util.List<String> details) {
        super(message);
        this.hint = hint;
        this.details = java.util.List.copyOf(details);
    }

    public RoarException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
        this.details = java.util.List.of();
    }

    public java.util.List<String> details() {
        return details;
    }

    public RoarException(String message) {
        this(message, null);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
