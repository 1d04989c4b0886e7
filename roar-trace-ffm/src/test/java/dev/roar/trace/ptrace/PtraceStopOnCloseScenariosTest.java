package dev.roar.trace.ptrace;

/** Every ptrace scenario again with the fallback for kernels without pidfd_getfd/kcmp: a stop at every close. */
class PtraceStopOnCloseScenariosTest extends PtraceScenariosTest {
    @Override
    PtraceBackend backend() {
        return new PtraceBackend(false);
    }
}
