package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceRequest;

import java.nio.file.Path;

/**
 * Starts a command's first process, the trampoline, held at its gate (see {@link GatedSpawn}): here, with
 * posix_spawn ({@link #LOCAL}), or by the roar client a daemon serves ({@link ClientStarter}), so that the
 * command is the client's child, in the user's terminal and process group, as if roar had started it.
 */
@FunctionalInterface
public interface CommandStarter {
    CommandStarter LOCAL = GatedSpawn::start;

    GatedSpawn start(CallState state, Path trampoline, TraceRequest request) throws TraceException;
}
