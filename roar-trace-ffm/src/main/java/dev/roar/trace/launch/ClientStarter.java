package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Unistd;
import dev.roar.trace.TraceException;
import dev.roar.trace.TraceRequest;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the trampoline through a roar client (see {@link ClientChannel}): the client runs it as its own
 * child, so the command has the user's terminal, process group, session, limits and descriptors, and
 * Ctrl-C reaches it as it would without roar. The gate is a pipe of this process that the client opens by
 * its /proc path; this side keeps the write end, exactly as for a local start.
 */
public final class ClientStarter implements CommandStarter {
    /** How long a started process may take to become the trampoline (a fork and two execs: milliseconds). */
    private static final long EXEC_TIMEOUT_NANOS = 5_000_000_000L;

    private final ClientChannel client;

    public ClientStarter(ClientChannel client) {
        this.client = client;
    }

    @Override
    public GatedSpawn start(CallState state, Path trampoline, TraceRequest request) throws TraceException {
        try (Arena arena = Arena.ofConfined()) {
            int[] gatePipe = GatedSpawn.gatePipe(state, arena);
            int readEnd = gatePipe[0];
            int writeEnd = gatePipe[1];
            try {
                int pid = client.spawn(GatedSpawn.trampolineArgv(trampoline, request), GatedSpawn.environmentEntries(request),
                        "/proc/" + ProcessHandle.current().pid() + "/fd/" + readEnd);
                // The pid is the client's fork, not yet the trampoline: a tracer attached before the trampoline's
                // exec would see that exec as the command's first. The trampoline then waits at its gate.
                awaitExec(pid, trampoline);
                GatedSpawn spawned = GatedSpawn.adopt(state, pid, writeEnd, client::awaitExitCode);
                writeEnd = -1;
                return spawned;
            } catch (IOException e) {
                throw new TraceException("the roar client could not start the command: " + e.getMessage(), e);
            } finally {
                Unistd.close(state, readEnd);
                if (writeEnd >= 0) {
                    Unistd.close(state, writeEnd);
                }
            }
        }
    }

    private static void awaitExec(int pid, Path trampoline) throws TraceException {
        Path exe = Path.of("/proc", Integer.toString(pid), "exe");
        long deadline = System.nanoTime() + EXEC_TIMEOUT_NANOS;
        while (true) {
            try {
                if (Files.isSameFile(Files.readSymbolicLink(exe), trampoline)) {
                    return;
                }
            } catch (IOException e) {
                if (!Files.exists(exe.getParent())) {
                    throw new TraceException("the command's process " + pid + " ended before it started");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TraceException("the command's process " + pid + " did not start the trampoline within 5 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(0, 100_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceException("interrupted while the command started");
            }
        }
    }
}
