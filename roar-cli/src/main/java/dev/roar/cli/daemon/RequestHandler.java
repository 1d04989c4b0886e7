package dev.roar.cli.daemon;

import dev.roar.cli.CliContext;
import dev.roar.cli.RoarCli;
import dev.roar.core.env.HelperEnvironment;
import dev.roar.trace.launch.ClientDescriptors;
import dev.roar.trace.launch.FileCreationMask;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * Serves one request: the command runs in this JVM as it would in a fresh roar, in the client's working
 * directory, with its environment, writing to its stdout and stderr, and starting traced commands through it.
 */
final class RequestHandler {
    private static final int DEFAULT_UMASK = 022;
    private final Object uid;
    /** The system's zone (bin/roar starts the daemon without TZ): a client without TZ gets it. */
    private final TimeZone systemZone = TimeZone.getDefault();

    RequestHandler() throws IOException {
        this.uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /**
     * The zone a JVM started with the client's environment would have: TZ when it names a zone (":Europe/Paris"
     * or "Europe/Paris"; POSIX rules such as "EST5EDT" as far as Java knows them), else the system's. Requests
     * are served one at a time, so setting the default for one does not reach another.
     */
    TimeZone zoneFor(Map<String, String> environment) {
        String tz = environment.get("TZ");
        if (tz == null || tz.isBlank()) {
            return systemZone;
        }
        try {
            return TimeZone.getTimeZone(ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz));
        } catch (DateTimeException e) {
            return systemZone;
        }
    }

    /**
     * Answers the client with roar's exit code; an error before the command started makes it run roar itself.
     * {@code done} runs once the request's work is over, before the answer: the client's next command may
     * follow at once, while this one's connection still closes.
     */
    void serve(ClientConnection connection, String token, Runnable done) {
        try (connection) {
            ClientConnection.Request request;
            Path cwd;
            Map<String, String> environment;
            ClientDescriptors descriptors;
            try {
                request = connection.readRequest(token);
                Path process = Path.of("/proc", Long.toString(request.pid()));
                if (!uid.equals(Files.getAttribute(process, "unix:uid"))) {
                    throw new IOException("process " + request.pid() + " belongs to another user");
                }
                cwd = Files.readSymbolicLink(process.resolve("cwd"));
                environment = environment(Files.readAllBytes(process.resolve("environ")));
                descriptors = ClientDescriptors.of(request.pid());
            } catch (ClientConnection.WrongToken e) {
                System.err.println("roar daemon: " + e.getMessage());
                done.run();
                return;
            } catch (IOException | RuntimeException e) {
                System.err.println("roar daemon: refused a request: " + e.getMessage());
                done.run();
                connection.busy();
                return;
            }
            int code;
            try (descriptors) {
                PrintWriter out = new PrintWriter(descriptors.out(), false, StandardCharsets.UTF_8);
                PrintWriter err = new PrintWriter(descriptors.err(), false, StandardCharsets.UTF_8);
                ServedHost host = new ServedHost(connection, request.pid());
                CliContext context = new CliContext(cwd, environment, new ClientPrompter(host.terminal(), out, descriptors.in()), host);
                connection.startReading();
                // What a roar started by the client would have had, for this request (the daemon serves one at a time).
                TimeZone.setDefault(zoneFor(environment));
                HelperEnvironment.use(environment);
                int ownMask = FileCreationMask.set(FileCreationMask.of(request.pid()).orElse(DEFAULT_UMASK));
                try {
                    code = RoarCli.run(context, out, err, request.arguments().toArray(String[]::new));
                } finally {
                    FileCreationMask.set(ownMask);
                    HelperEnvironment.use(null);
                }
            }
            // The copies are closed first: whoever reads the client's output (a pipe) sees its end with the client's.
            connection.awaitReports();
            done.run();
            connection.exit(code);
        } catch (IOException | RuntimeException e) {
            System.err.println("roar daemon: lost a client: " + e);
        }
    }

    /** /proc/PID/environ: NAME=value entries, each ended by a NUL. */
    static Map<String, String> environment(byte[] environ) {
        Map<String, String> environment = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i > start) {
                    String entry = new String(environ, start, i - start, StandardCharsets.UTF_8);
                    int equals = entry.indexOf('=');
                    if (equals > 0) {
                        environment.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
                    }
                }
                start = i + 1;
            }
        }
        return environment;
    }
}
