package dev.roar.trace;

import dev.roar.trace.launch.HeldCommand;

/** A tracing backend. Every backend reports through the same events and classifier. */
public sealed interface Tracer permits EbpfTracer, PtraceTracer {
    /** "ptrace", "ebpf". */
    String name();

    /** Whether this backend can start here, and if not exactly why (cheap: no process is traced). */
    default Availability availability() {
        return checks().stream().filter(c -> !c.ok()).findFirst()
                .map(c -> Availability.no(c.detail())).orElse(Availability.yes());
    }

    /** What this backend needs from the host, each answered (cheap: nothing is loaded or traced). */
    java.util.List<Check> checks();

    /**
     * Does the start-up work that does not depend on the command (linking native calls, writing
     * helper binaries, building filters), so a caller can overlap it with its own; idempotent,
     * thread-safe, and done by {@link #trace} itself when nobody called it.
     */
    void prepare() throws TraceException;

    /**
     * Lets go of what {@link #prepare} set up when no trace will use it (a run that stopped before its command):
     * loaded probes stay attached and standby threads wait until then, for as long as the process lives.
     * Idempotent; a trace takes what it uses, so after one there is nothing to release.
     */
    void release();

    /** Runs the command to completion under the tracer. */
    TraceReport trace(TraceRequest request) throws TraceException;

    /**
     * Runs a command started ahead and held at its gate (see HeldCommand) to completion under the tracer;
     * called on the thread that started it (elsewhere the command is started afresh).
     */
    TraceReport trace(HeldCommand command) throws TraceException;

    /** Forwards a signal to the running command's first process (roar forwards SIGTERM this way). */
    void signalCommand(int signal);

    /** Sends a signal to the running command and every process under it (a step timeout stops the whole job). */
    void signalCommandTree(int signal);

    /** One requirement: met or not, what was found, and how to fix it when it is not met. */
    record Check(String name, boolean ok, String detail, String fix) {
        public static Check pass(String name, String detail) {
            return new Check(name, true, detail, "");
        }

        public static Check fail(String name, String detail, String fix) {
            return new Check(name, false, detail, fix);
        }
    }

    record Availability(boolean available, String reason) {
        public static Availability yes() {
            return new Availability(true, "ready");
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
