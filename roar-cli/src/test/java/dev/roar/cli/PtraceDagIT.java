package dev.roar.cli;

/** D1-D11 with the ptrace backend. */
class PtraceDagIT extends DagScenarios {
    @Override
    String tracer() {
        return "ptrace";
    }
}
