package dev.roar.cli.daemon;

import dev.roar.cli.Host;
import dev.roar.trace.launch.ClientStarter;
import dev.roar.trace.launch.CommandStarter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The roar client the daemon serves: its terminal, its children, its signals (passed on by bin/roar). */
final class ServedHost implements Host {
    private final ClientConnection connection;
    private final long clientPid;
    private final boolean terminal;

    ServedHost(ClientConnection connection, long clientPid) {
        this.connection = connection;
        this.clientPid = clientPid;
        this.terminal = isTerminal(clientPid, 0) && isTerminal(clientPid, 1);
    }

    /** What the client's descriptor is open on: a terminal is /dev/pts/N, /dev/ttyN or /dev/console. */
    static boolean isTerminal(long pid, int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd))).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long pid() {
        return clientPid;
    }

    @Override
    public boolean terminal() {
        return terminal;
    }

    @Override
    public CommandStarter starter() {
        return new ClientStarter(connection);
    }

    @Override
    public SignalWatch watchSignals(Runnable onInterrupt, Runnable onTerminate) {
        connection.onSignal(name -> {
            switch (name) {
                case "INT" -> onInterrupt.run();
                case "TERM" -> onTerminate.run();
                default -> {
                    // bin/roar passes on only these two
                }
            }
        });
        return () -> connection.onSignal(null);
    }
}
