package dev.roar.cli;

/** D1-D11 with the eBPF backend. */
class EbpfDagIT extends DagScenarios {
    @Override
    String tracer() {
        return "ebpf";
    }
}
