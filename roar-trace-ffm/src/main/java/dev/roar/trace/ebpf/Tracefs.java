package dev.roar.trace.ebpf;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Mount;
import dev.roar.trace.TraceException;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the syscall tracepoints are (libbpf looks them up in tracefs to attach), and mounting tracefs
 * at its standard place when it is missing, as root may.
 */
final class Tracefs {
    static final Path STANDARD = Path.of("/sys/kernel/tracing");
    private static final List<Path> PLACES = List.of(STANDARD, Path.of("/sys/kernel/debug/tracing"));

    private Tracefs() {
    }

    /** The mounted tracefs that has the syscall events, if any. */
    static Optional<Path> mounted() {
        return PLACES.stream().filter(p -> Files.isDirectory(p.resolve("events/syscalls"))).findFirst();
    }

    static Path ensureMounted() throws TraceException {
        Optional<Path> found = mounted();
        if (found.isPresent()) {
            return found.get();
        }
        try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
            if (Mount.mount(state, arena.allocateFrom("tracefs"), arena.allocateFrom(STANDARD.toString()),
                    arena.allocateFrom("tracefs"), 0) != 0) {
                throw new TraceException("tracefs is not mounted and mounting it at " + STANDARD + " failed: "
                        + Errno.name(state.errno()) + " (as root: mount -t tracefs tracefs " + STANDARD + ")");
            }
        }
        return mounted().orElseThrow(() -> new TraceException("tracefs was mounted at " + STANDARD
                + " but has no syscall events: this kernel lacks CONFIG_FTRACE_SYSCALLS"));
    }
}
