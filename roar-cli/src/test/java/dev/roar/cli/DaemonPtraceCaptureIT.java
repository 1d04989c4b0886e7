package dev.roar.cli;

/** C1-C18 served by the roar daemon, with the ptrace backend. */
class DaemonPtraceCaptureIT extends DaemonCaptureScenarios {
    @Override
    String tracer() {
        return "ptrace";
    }
}
