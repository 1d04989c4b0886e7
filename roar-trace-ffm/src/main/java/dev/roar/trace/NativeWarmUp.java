package dev.roar.trace;

import dev.roar.ffi.Bindings;
import dev.roar.trace.hash.NativeBlake3;

/**
 * Linking the native calls a tracer makes costs ~100-200 ms in a fresh JVM (the linker generates classes,
 * which the JDK's AOT cache does not keep), and `roar run` otherwise waits for it after parsing its
 * arguments, loading its config and checking git. Started on a spare thread as soon as the command is
 * known to trace, the linking overlaps that work. Idempotent: the backend's own preparation finds it done.
 */
public final class NativeWarmUp {
    private NativeWarmUp() {
    }

    /** Links what both tracer backends call and loads BLAKE3, on a daemon thread; failures are left for their users to report. */
    public static void startForTracing() {
        Thread.ofPlatform().name("roar-native-warm-up").daemon().start(() -> {
            try {
                Bindings.linkAll();
                // The job's step identity is a BLAKE3 digest: load the library now, not after the command.
                NativeBlake3.instance();
            } catch (RuntimeException | LinkageError ignored) {
                // The backend links again when it prepares, and reports what fails then.
            }
        });
    }
}
