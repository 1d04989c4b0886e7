package dev.roar.cli;

/** EnvironmentScenarios under the ebpf backend. */
class EbpfEnvironmentIT extends EnvironmentScenarios {
    @Override
    String tracer() {
        return "ebpf";
    }
}
