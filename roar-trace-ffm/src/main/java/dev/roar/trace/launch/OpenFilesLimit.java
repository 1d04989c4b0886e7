package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Resource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The open-files limit roar was started with. HotSpot raises its own soft limit to the hard one at start
 * (MaxFDLimit), and a spawned command would inherit that: a program that closes every descriptor up to the
 * limit, or sizes a table by it, would run differently under roar than directly (1024 in a desktop shell,
 * 1048576 under roar). roar keeps the raised limit for itself (it holds descriptors of the traced files)
 * and gives the command the one it would have had.
 *
 * <p>bin/roar passes the limit as {@value #PROPERTY}=SOFT:HARD (numbers or "unlimited"); without it
 * (roar used as a library, tests) the command inherits the JVM's.
 */
record OpenFilesLimit(long soft, long hard) {
    static final String PROPERTY = "roar.openFilesLimit";

    static Optional<OpenFilesLimit> fromLauncher() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    static Optional<OpenFilesLimit> parse(String value) {
        String[] parts = value.strip().split(":");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OpenFilesLimit(number(parts[0]), number(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String text) {
        return text.equals("unlimited") ? Resource.RLIM_INFINITY : Long.parseLong(text);
    }

    /**
     * Gives the spawned, not yet running process this limit; false when the kernel refused (the process then
     * keeps the JVM's, which is no reason not to run it).
     */
    boolean applyTo(CallState state, Arena arena, int pid) {
        MemorySegment limit = arena.allocate(Resource.RLIMIT_SIZE, 8);
        limit.set(ValueLayout.JAVA_LONG, 0, soft);
        limit.set(ValueLayout.JAVA_LONG, 8, hard);
        return Resource.prlimit(state, pid, Resource.RLIMIT_NOFILE, limit) == 0;
    }
}
