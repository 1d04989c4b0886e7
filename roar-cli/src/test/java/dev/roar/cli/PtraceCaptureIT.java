package dev.roar.cli;

/** C1-C18 with the ptrace backend. */
class PtraceCaptureIT extends CaptureScenarios {
    @Override
    String tracer() {
        return "ptrace";
    }
}
