package dev.roar.trace;

import dev.roar.trace.launch.HeldCommand;
import dev.roar.trace.ptrace.PtraceBackend;

/** The ptrace backend (seccomp-filtered, pure FFM); see {@link PtraceBackend}. */
public final class PtraceTracer implements Tracer {
    private final PtraceBackend backend = new PtraceBackend();

    @Override
    public String name() {
        return "ptrace";
    }

    @Override
    public java.util.List<Check> checks() {
        return backend.checks();
    }

    @Override
    public void prepare() throws TraceException {
        backend.prepare();
    }

    @Override
    public void release() {
        backend.release();
    }

    @Override
    public TraceReport trace(TraceRequest request) throws TraceException {
        return backend.trace(request);
    }

    @Override
    public TraceReport trace(HeldCommand command) throws TraceException {
        return backend.trace(command);
    }

    @Override
    public void signalCommand(int signal) {
        backend.signalCommand(signal);
    }

    @Override
    public void signalCommandTree(int signal) {
        ProcessTree.signal(backend.rootPid(), signal);
    }
}
