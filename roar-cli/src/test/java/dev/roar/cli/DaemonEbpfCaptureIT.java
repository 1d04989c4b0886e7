package dev.roar.cli;

/** C1-C18 served by the roar daemon, with the eBPF backend. */
class DaemonEbpfCaptureIT extends DaemonCaptureScenarios {
    @Override
    String tracer() {
        return "ebpf";
    }
}
