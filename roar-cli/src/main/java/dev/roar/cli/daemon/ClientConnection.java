package dev.roar.cli.daemon;

import dev.roar.trace.launch.ClientChannel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One roar client (bin/roar) on the daemon's socket. The request: the token, the client's pid, the argument
 * count and the arguments. Then the daemon may ask it to start processes ("spawn"), whose pid and end it
 * reports ("pid", "status"), it passes on the signals it gets ("signal INT|TERM"), and the daemon ends the
 * exchange with the exit code roar would have exited with ("exit").
 */
final class ClientConnection implements ClientChannel, AutoCloseable {
    /** The longest the daemon waits for a started process's pid (a fork and an exec in the client). */
    private static final long SPAWN_TIMEOUT_SECONDS = 30;

    record Request(long pid, List<String> arguments) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<Integer> pids = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
    private final AtomicReference<SignalListener> signals = new AtomicReference<>();
    private volatile IOException lost;
    private int unreported;
    private Thread reader;

    /** Not a roar client of this daemon's user: it gets no answer at all. */
    static final class WrongToken extends IOException {
        WrongToken() {
            super("a client offered a wrong token");
        }
    }

    interface SignalListener {
        void received(String name);
    }

    ClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        // A client sends its request at once; one that does not is not waited for long.
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Reads the request. The token comparison takes constant time, so the token cannot be guessed byte by byte. */
    Request readRequest(String token) throws IOException {
        String offered = Fields.read(in);
        if (!java.security.MessageDigest.isEqual(offered.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new WrongToken();
        }
        long pid = Long.parseLong(Fields.read(in));
        int count = Fields.readInt(in);
        if (count < 0 || count > 100_000) {
            throw new IOException("a request with " + count + " arguments");
        }
        List<String> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(Fields.read(in));
        }
        return new Request(pid, arguments);
    }

    /** From here on the client's messages (pids, statuses, signals) are read on a thread of their own. */
    void startReading() throws IOException {
        socket.setSoTimeout(0); // a command may run for hours without a word from the client
        reader = new Thread(this::readMessages, "roar-daemon-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void readMessages() {
        try {
            while (true) {
                String kind = Fields.read(in);
                switch (kind) {
                    case "pid" -> pids.add(Fields.readInt(in));
                    case "status" -> statuses.add(Fields.readInt(in));
                    case "signal" -> {
                        String name = Fields.read(in);
                        SignalListener listener = signals.get();
                        if (listener != null) {
                            listener.received(name);
                        }
                    }
                    default -> throw new IOException("unknown message '" + kind + "' from the client");
                }
            }
        } catch (IOException e) {
            lost = e;
            // Wakes whoever waits for a pid or a status: they see the loss.
            pids.add(-1);
            statuses.add(-1);
        }
    }

    void onSignal(SignalListener listener) {
        signals.set(listener);
    }

    /** Tells a client that asked while another request is served to run roar itself. */
    void busy() throws IOException {
        Fields.write(out, List.of("busy"));
        socket.shutdownOutput();
    }

    @Override
    public synchronized int spawn(List<String> argv, List<String> environment, String gate) throws IOException {
        List<String> message = new ArrayList<>();
        message.add("spawn");
        message.add(Integer.toString(argv.size()));
        message.addAll(argv);
        message.add(Integer.toString(environment.size()));
        message.addAll(environment);
        message.add(gate);
        Fields.write(out, message);
        unreported++;
        int pid = take(pids, SPAWN_TIMEOUT_SECONDS);
        if (pid <= 0) {
            throw new IOException("the client could not start the command");
        }
        return pid;
    }

    @Override
    public int awaitExitCode() throws IOException {
        int status = take(statuses, Long.MAX_VALUE);
        synchronized (this) {
            unreported--;
        }
        return status;
    }

    /**
     * Waits until the client has reported the end of every process it started (a ptrace trace learns the end
     * itself; the client's report follows): its shell has reaped them by then, and no message is left unread
     * when the connection closes (unread data would turn the close into a reset that can swallow "exit").
     */
    void awaitReports() throws IOException {
        while (true) {
            synchronized (this) {
                if (unreported <= 0) {
                    return;
                }
            }
            awaitExitCode();
        }
    }

    void exit(int code) throws IOException {
        Fields.write(out, List.of("exit", Integer.toString(code)));
        socket.shutdownOutput();
        // Lets the client read "exit" before the connection goes: it closes its end after reading, which ends the reader.
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int take(BlockingQueue<Integer> queue, long timeoutSeconds) throws IOException {
        try {
            Integer value = queue.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (value == null) {
                throw new IOException("the client did not answer within " + timeoutSeconds + " s");
            }
            if (value < 0 && lost != null) {
                throw new IOException("the client went away: " + lost.getMessage(), lost);
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the client");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
