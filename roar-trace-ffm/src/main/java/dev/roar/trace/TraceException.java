package dev.roar.trace;

/** The tracer could not run the command at all (as opposed to the command failing). */
public final class TraceException extends Exception {
    public TraceException(String message) {
        super(message);
    }

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
