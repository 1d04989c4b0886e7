package dev.roar.trace;

import dev.roar.trace.ebpf.EbpfBackend;
import dev.roar.trace.launch.HeldCommand;

/** The eBPF backend (BPF probes through libbpf, events read from the mmap'd ring); see {@link EbpfBackend}. */
public final class EbpfTracer implements Tracer {
    private final EbpfBackend backend = new EbpfBackend();

    @Override
    public String name() {
        return "ebpf";
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
