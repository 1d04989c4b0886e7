package dev.roar.ffi;

/**
 * Linking a native call costs milliseconds in a cold JVM (the linker spins a class per signature).
 * Callers that know they will trace link everything up front, on a thread of their choice, so the
 * cost overlaps their own start-up instead of stalling the traced command at its first stops.
 */
public final class Bindings {
    private Bindings() {
    }

    /** Links every binding of this module; idempotent and safe from any thread. */
    public static void linkAll() {
        Ptrace.link();
        Wait.link();
        Spawn.link();
        Unistd.link();
        Stat.link();
        Uio.link();
        Signals.link();
        Mman.link();
        Epoll.link();
        Mount.link();
        Resource.link();
        Pidfd.link();
    }
}
