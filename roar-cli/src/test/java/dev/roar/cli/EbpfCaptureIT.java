package dev.roar.cli;

/** C1-C18 with the eBPF backend. */
class EbpfCaptureIT extends CaptureScenarios {
    @Override
    String tracer() {
        return "ebpf";
    }
}
