package dev.roar.cli.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file that tells roar clients where the daemon listens: one line, "PORT TOKEN PID JAR" (the roar it runs:
 * another checkout's client does not use it). It is written
 * once the daemon accepts connections, in a directory only its user can enter (the token is what a
 * client proves it may run roar as this user with), and removed when the daemon leaves.
 */
record DaemonState(Path file, int port, String token, long pid, Path jar) {
    static Path fileIn(Path directory) {
        return directory.resolve("daemon");
    }

    /** Creates the directory (owner only) if needed and refuses one that others may enter. */
    static void prepareDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(directory));
        if (!permissions.equals("rwx------")) {
            throw new IOException(directory + " is " + permissions + ", not rwx------: other users could read the daemon's token");
        }
    }

    void publish() throws IOException {
        Path temporary = file.resolveSibling("daemon." + pid + ".tmp");
        Files.writeString(temporary, line(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the file still names this daemon (a newer one replaces it when the jar was rebuilt). */
    boolean current() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).equals(line());
        } catch (IOException e) {
            return false;
        }
    }

    private String line() {
        return port + " " + token + " " + pid + " " + jar + "\n";
    }

    void withdraw() {
        if (current()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a client finds the port closed and starts roar without the daemon
            }
        }
    }
}
