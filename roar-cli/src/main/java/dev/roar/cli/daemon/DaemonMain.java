package dev.roar.cli.daemon;

import dev.roar.core.store.Store;
import dev.roar.trace.NativeWarmUp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The roar daemon: a JVM that stays up between roar commands (until idle for a while) so that they skip the
 * JVM's start, class loading and first-call costs, which were most of a short command's time. bin/roar starts
 * it in the background and, while it runs, sends it the commands it serves (see bin/roar) instead of starting
 * a JVM. It listens on loopback only and serves clients that show the token from its state file, which only
 * its user can read. One request at a time: a client that finds it busy runs roar itself.
 *
 * <p>System properties (set by bin/roar): roar.daemon.dir (the state directory), roar.jar (the daemon leaves
 * when it changes: a rebuilt roar starts a new daemon), roar.daemon.idleSeconds (default 60).
 */
public final class DaemonMain {
    private static final int POLL_MILLIS = 1_000;

    private DaemonMain() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(required("roar.daemon.dir"));
        Path jar = Path.of(required("roar.jar"));
        long idleNanos = Long.getLong("roar.daemon.idleSeconds", 60) * 1_000_000_000L;
        DaemonState.prepareDirectory(directory);
        FileTime jarTime = Files.getLastModifiedTime(jar);
        NativeWarmUp.startForTracing();
        Store.loadDriverAhead();
        RequestHandler handler = new RequestHandler();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        AtomicBoolean busy = new AtomicBoolean();
        AtomicLong lastActive = new AtomicLong(System.nanoTime());
        try (ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            DaemonState state = new DaemonState(DaemonState.fileIn(directory), server.getLocalPort(), token,
                    ProcessHandle.current().pid(), jar);
            state.publish();
            // SIGTERM (kill, a shutdown) skips the finally below; clients must not find a dead daemon's file.
            Runtime.getRuntime().addShutdownHook(new Thread(state::withdraw, "roar-daemon-withdraw"));
            server.setSoTimeout(POLL_MILLIS);
            try {
                while (true) {
                    boolean replaced = !state.current() || !jarTime.equals(modified(jar));
                    Socket socket;
                    try {
                        socket = server.accept();
                    } catch (SocketTimeoutException e) {
                        boolean idle = System.nanoTime() - lastActive.get() > idleNanos;
                        if (!busy.get() && (idle || replaced)) {
                            break;
                        }
                        continue;
                    }
                    ClientConnection connection;
                    try {
                        socket.setTcpNoDelay(true);
                        connection = new ClientConnection(socket);
                    } catch (IOException e) {
                        socket.close(); // that client runs roar itself; the daemon goes on
                        continue;
                    }
                    if (replaced || !busy.compareAndSet(false, true)) {
                        refuse(connection, token);
                        continue;
                    }
                    AtomicBoolean released = new AtomicBoolean();
                    Runnable done = () -> {
                        if (released.compareAndSet(false, true)) {
                            lastActive.set(System.nanoTime());
                            busy.set(false);
                        }
                    };
                    Thread worker = new Thread(() -> {
                        try {
                            handler.serve(connection, token, done);
                        } finally {
                            done.run();
                        }
                    }, "roar-daemon-request");
                    worker.start();
                }
            } finally {
                state.withdraw();
            }
        }
        // Threads roar keeps for its next command (standby, closer) would keep the JVM up.
        System.exit(0);
    }

    private static void refuse(ClientConnection connection, String token) {
        try (connection) {
            connection.readRequest(token);
            connection.busy();
        } catch (ClientConnection.WrongToken e) {
            System.err.println("roar daemon: " + e.getMessage());
        } catch (IOException e) {
            // the client runs roar itself either way
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("the roar daemon is started by bin/roar (-D" + property + " is missing)");
        }
        return value;
    }
}
