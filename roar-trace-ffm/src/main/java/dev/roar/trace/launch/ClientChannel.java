package dev.roar.trace.launch;

import java.io.IOException;
import java.util.List;

/**
 * The roar client a daemon serves, as the tracer needs it: it starts processes (as its own children) and
 * reports how they ended. Implemented over the daemon's connection; nothing here is native.
 */
public interface ClientChannel {
    /**
     * Asks the client to start {@code argv} with exactly {@code environment} (NAME=value entries), its fd 3
     * opened for reading from {@code gate} (a path), and answers the new process's pid.
     */
    int spawn(List<String> argv, List<String> environment, String gate) throws IOException;

    /** Waits for the client to report how the process it started last ended: its shell's exit code (128+signal if killed). */
    int awaitExitCode() throws IOException;
}
