package dev.roar.trace.launch;

import dev.roar.trace.TraceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The trampoline binary (see trampoline.c), shipped inside the jar and written once per content hash to a cache
 * directory, since the kernel can only exec a file.
 */
public final class Trampoline {
    private Trampoline() {
    }

    private static String resourceName() {
        return "trampoline-" + System.getProperty("os.arch");
    }

    public static boolean bundled() {
        return Trampoline.class.getResource(resourceName()) != null;
    }

    public static Path extract() throws TraceException {
        byte[] binary;
        try (InputStream in = Trampoline.class.getResourceAsStream(resourceName())) {
            if (in == null) {
                throw new TraceException("this roar build has no ptrace trampoline for " + System.getProperty("os.arch"));
            }
            binary = in.readAllBytes();
        } catch (IOException e) {
            throw new TraceException("cannot read the ptrace trampoline: " + e.getMessage(), e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(binary)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String name = "trampoline-" + hash;
        IOException last = null;
        for (Path dir : cacheDirectories()) {
            Path target = dir.resolve(name);
            if (Files.isExecutable(target)) {
                return target;
            }
            try {
                return write(binary, dir, target);
            } catch (IOException e) {
                last = e;
            }
        }
        try {
            // No writable cache (a home such as /nonexistent): a private directory of this process.
            Path dir = Files.createTempDirectory("roar-");
            dir.toFile().deleteOnExit();
            Path target = write(binary, dir, dir.resolve(name));
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new TraceException("cannot write the trampoline anywhere (cache: " + (last == null ? "" : last.getMessage())
                    + "; temp: " + e.getMessage() + ")", e);
        }
    }

    private static Path write(byte[] binary, Path dir, Path target) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "trampoline", ".tmp");
        Files.write(temp, binary);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** $XDG_CACHE_HOME/roar, $HOME/.cache/roar, then the passwd home's (Java's user.home ignores $HOME). */
    private static java.util.List<Path> cacheDirectories() {
        java.util.List<Path> dirs = new java.util.ArrayList<>();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            dirs.add(Path.of(xdg, "roar"));
        }
        String home = System.getenv("HOME");
        if (home != null && !home.isEmpty()) {
            dirs.add(Path.of(home, ".cache", "roar"));
        }
        Path passwdHome = Path.of(System.getProperty("user.home"), ".cache", "roar");
        if (!dirs.contains(passwdHome)) {
            dirs.add(passwdHome);
        }
        return dirs;
    }
}
