package dev.roar.trace.ebpf;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Spawn;
import dev.roar.ffi.Unistd;
import dev.roar.ffi.Wait;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Detaching a syscall tracepoint program waits for RCU grace periods in the kernel, tens of ms each
 * (measured: 59 programs, ~3 s in a loop, ~1.5 s from 16 threads). None of that wait is the user's: the
 * link fds are handed to a helper process (`cat`, inheriting copies of them, reading a pipe), roar drops
 * its own references (cheap while the helper holds copies), then closes the pipe: the helper exits, and
 * the last references, with the teardown they trigger, go in its exit, while roar goes on (or exits).
 */
final class DeferredTeardown {
    private static final List<Path> HELPERS = List.of(Path.of("/usr/bin/cat"), Path.of("/bin/cat"));

    /** The helper holding the fds; {@link #release} lets it exit. */
    record Holder(int pipeWriteFd) {
        void release() {
            try (CallState state = new CallState()) {
                Unistd.close(state, pipeWriteFd);
            }
        }
    }
    private static final int FIRST_FD = 3;
    private static final long REAP_POLL_MILLIS = 50;

    private DeferredTeardown() {
    }

    /** Starts a helper holding copies of {@code fds}; empty when none could be started (tear down in-process then). */
    static Optional<Holder> handOff(List<Integer> fds) {
        Path helper = HELPERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (helper == null || fds.isEmpty()) {
            return Optional.empty();
        }
        try (CallState state = new CallState(); Arena arena = Arena.ofConfined()) {
            MemorySegment pipe = arena.allocate(ValueLayout.JAVA_INT, 2);
            if (Unistd.pipe2(state, pipe, Unistd.O_CLOEXEC) != 0) {
                return Optional.empty();
            }
            int readEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 0);
            int writeEnd = pipe.getAtIndex(ValueLayout.JAVA_INT, 1);
            MemorySegment actions = arena.allocate(Spawn.FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(Spawn.ATTR_SIZE, 16);
            Spawn.fileActionsInit(state, actions);
            Spawn.attrInit(state, attr);
            try {
                // Above every source fd, so no dup2 overwrites an fd still to be copied.
                Spawn.fileActionsAddDup2(state, actions, readEnd, 0);
                Spawn.fileActionsAddOpen(state, actions, 1, arena.allocateFrom("/dev/null"), Unistd.O_WRONLY, 0);
                int target = Math.max(FIRST_FD, fds.stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
                for (int fd : fds) {
                    Spawn.fileActionsAddDup2(state, actions, fd, target++);
                }
                MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, 2);
                argv.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom(helper.toString()));
                argv.setAtIndex(ValueLayout.ADDRESS, 1, MemorySegment.NULL);
                MemorySegment envp = arena.allocate(ValueLayout.ADDRESS, 1);
                envp.setAtIndex(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                if (Spawn.posixSpawn(state, pid, arena.allocateFrom(helper.toString()), actions, attr, argv, envp) != 0) {
                    Unistd.close(state, writeEnd);
                    return Optional.empty();
                }
                int helperPid = pid.get(ValueLayout.JAVA_INT, 0);
                // Reap it whenever it is done, so a long-lived JVM collects no zombies (waitpid on its own pid only).
                // Polled, not a blocking waitpid: at exit HotSpot waits up to 300 ms for any thread still inside a
                // native call, and the helper outlives roar by design (measured: every eBPF run ended 300 ms late).
                Thread.ofPlatform().name("roar-bpf-teardown").daemon().start(() -> {
                    try (CallState waiting = new CallState()) {
                        MemorySegment status = waiting.arena().allocate(ValueLayout.JAVA_INT);
                        while (Wait.waitpid(waiting, helperPid, status, Wait.WNOHANG) == 0) {
                            Thread.sleep(REAP_POLL_MILLIS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return Optional.of(new Holder(writeEnd));
            } finally {
                Unistd.close(state, readEnd);
                Spawn.fileActionsDestroy(state, actions);
                Spawn.attrDestroy(state, attr);
            }
        }
    }
}
