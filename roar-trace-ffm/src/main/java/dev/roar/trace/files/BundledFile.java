package dev.roar.trace.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A native file shipped inside the jar (the trampoline, the BLAKE3 library) that must exist as a real
 * file to be exec'd or dlopen'd: written once per content hash to roar's cache directory, so every later
 * start finds it there, and two roar versions never overwrite each other's copy.
 */
public final class BundledFile {
    private BundledFile() {
    }

    /** Whether {@code owner}'s jar carries {@code resource} (relative to owner's package). */
    public static boolean present(Class<?> owner, String resource) {
        return owner.getResource(resource) != null;
    }

    /**
     * The resource as an executable file named {@code prefix-<hash><suffix>}.
     *
     * @throws IOException when the resource is missing or no directory can hold it
     */
    public static Path extract(Class<?> owner, String resource, String prefix, String suffix) throws IOException {
        // The build writes each file's SHA-256 beside it: hashing the content here would cost a cold JVM
        // ~5 ms per file on every start, only to find the copy already in the cache.
        String digest = precomputedDigest(owner, resource);
        byte[] content = null;
        if (digest == null) {
            content = read(owner, resource);
            digest = sha256(content);
        }
        String name = prefix + "-" + digest.substring(0, 16) + suffix;
        IOException last = null;
        for (Path dir : cacheDirectories()) {
            Path target = dir.resolve(name);
            if (Files.isExecutable(target)) {
                return target;
            }
            if (content == null) {
                content = read(owner, resource);
            }
            try {
                return write(content, dir, target);
            } catch (IOException e) {
                last = e;
            }
        }
        if (content == null) {
            content = read(owner, resource);
        }
        try {
            // No writable cache (a home such as /nonexistent): a private directory of this process.
            Path dir = Files.createTempDirectory("roar-");
            dir.toFile().deleteOnExit();
            Path target = write(content, dir, dir.resolve(name));
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new IOException("cannot write " + name + " anywhere (cache: " + (last == null ? "" : last.getMessage())
                    + "; temp: " + e.getMessage() + ")", e);
        }
    }

    private static byte[] read(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("this roar build has no " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** The hex digest in {@code resource.sha256} (sha256sum's format), or null when the build wrote none. */
    private static String precomputedDigest(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource + ".sha256")) {
            if (in == null) {
                return null;
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            int end = text.indexOf(' ');
            String hex = end < 0 ? text : text.substring(0, end);
            return hex.matches("[0-9a-f]{64}") ? hex : null;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static Path write(byte[] content, Path dir, Path target) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "bundled", ".tmp");
        try {
            Files.write(temp, content);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** $XDG_CACHE_HOME/roar, $HOME/.cache/roar, then the passwd home's (Java's user.home ignores $HOME). */
    private static List<Path> cacheDirectories() {
        List<Path> dirs = new ArrayList<>();
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
