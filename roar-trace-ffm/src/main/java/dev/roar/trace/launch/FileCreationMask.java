package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The process's umask, which the daemon sets to its client's for each request: the files roar itself creates
 * (caches under .roar/, the store's journal) get the permissions the user's own roar would have given them.
 */
public final class FileCreationMask {
    private FileCreationMask() {
    }

    /** Process {@code pid}'s umask, from /proc (Linux 4.7+); empty when it cannot be read. */
    public static OptionalInt of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Umask:")) {
                    return OptionalInt.of(Integer.parseInt(line.substring("Umask:".length()).strip(), 8));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // an old kernel or a gone process: the caller keeps its own
        }
        return OptionalInt.empty();
    }

    /** Sets this process's umask; answers the previous one. */
    public static int set(int mask) {
        try (CallState state = new CallState()) {
            return Unistd.umask(state, mask);
        }
    }
}
