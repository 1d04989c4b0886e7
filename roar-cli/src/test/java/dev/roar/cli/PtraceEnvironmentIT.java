package dev.roar.cli;

/** EnvironmentScenarios under the ptrace backend. */
class PtraceEnvironmentIT extends EnvironmentScenarios {
    @Override
    String tracer() {
        return "ptrace";
    }
}
