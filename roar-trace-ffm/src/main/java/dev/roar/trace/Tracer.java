package dev.roar.trace;

/** A tracing backend. Every backend reports through the same events and classifier. */
public sealed interface Tracer permits EbpfTracer, PtraceTracer {
    /** "ptrace", "ebpf". */
    String name();

    /** Whether this backend can start here, and if not exactly why (cheap: no process is traced). */
    Availability availability();

    /**
     * Does the start-up work that does not depend on the command (linking native calls, writing
     * helper binaries, building filters), so a caller can overlap it with its own; idempotent,
     * thread-safe, and done by {@link #trace} itself when nobody called it.
     */
    void prepare() throws TraceException;

    /** Runs the command to completion under the tracer. */
    TraceReport trace(TraceRequest request) throws TraceException;

    /** Forwards a signal to the running command's first process (roar forwards SIGTERM this way). */
    void signalCommand(int signal);

    record Availability(boolean available, String reason) {
        public static Availability yes() {
            return new Availability(true, "ready");
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
