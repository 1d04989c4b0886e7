package dev.roar.core.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One site-packages (or Debian dist-packages) directory: which installed distribution owns each file,
 * from the distributions' own manifests (a wheel's {@code *.dist-info/RECORD}, a legacy
 * {@code *.egg-info/installed-files.txt}), names and versions from their METADATA / PKG-INFO. Read in
 * Java, without starting Python: the interpreter's {@code importlib.metadata} reads the same files.
 */
final class SitePackages {
    private final Path root;
    /** Owner by top-level name (a package directory or module), or by its first two segments where
     *  several distributions share a top-level directory (namespace packages: google/, nvidia/). */
    private final Map<String, PythonDistribution> owners;

    private SitePackages(Path root, Map<String, PythonDistribution> owners) {
        this.root = root;
        this.owners = owners;
    }

    /** The site directory containing {@code path}: everything up to and including a site-packages/dist-packages segment. */
    static Optional<String> rootOf(String path) {
        for (String marker : List.of("/site-packages/", "/dist-packages/")) {
            int at = path.indexOf(marker);
            if (at >= 0) {
                return Optional.of(path.substring(0, at + marker.length() - 1));
            }
        }
        return Optional.empty();
    }

    static SitePackages of(Path root, Map<String, PythonDistribution> owners) {
        return new SitePackages(root, owners);
    }

    /** Reads every distribution's manifest: tens to hundreds of small files, so callers cache the result. */
    static SitePackages read(Path root) {
        Map<String, Set<PythonDistribution>> byTop = new HashMap<>();
        Map<String, Set<PythonDistribution>> byTwo = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.{dist-info,egg-info}")) {
            for (Path meta : entries) {
                Optional<PythonDistribution> d = distribution(meta);
                if (d.isEmpty()) {
                    continue;
                }
                for (String relative : manifest(root, meta)) {
                    List<String> parts = List.of(relative.split("/"));
                    String top = parts.size() == 1 ? stripExtension(parts.getFirst()) : parts.getFirst();
                    if (top.isEmpty() || top.equals("..") || top.equals("__pycache__") || top.endsWith(".dist-info")
                            || top.endsWith(".egg-info") || top.endsWith(".pth") || top.equals("bin")) {
                        continue;
                    }
                    byTop.computeIfAbsent(top, k -> new HashSet<>()).add(d.get());
                    if (parts.size() > 2) {
                        byTwo.computeIfAbsent(top + "/" + parts.get(1), k -> new HashSet<>()).add(d.get());
                    }
                }
            }
        } catch (IOException e) {
            // An unreadable site directory owns nothing we can name; its reads stay unattributed.
        }
        Map<String, PythonDistribution> owners = new TreeMap<>();
        byTop.forEach((top, dists) -> {
            if (dists.size() == 1) {
                owners.put(top, dists.iterator().next());
            }
        });
        byTwo.forEach((two, dists) -> {
            String top = two.substring(0, two.indexOf('/'));
            if (!owners.containsKey(top) && dists.size() == 1) {
                owners.put(two, dists.iterator().next());
            }
        });
        return new SitePackages(root, owners);
    }

    Map<String, PythonDistribution> owners() {
        return owners;
    }

    /** The distribution owning {@code relative} (a path inside this site directory), if any. */
    Optional<PythonDistribution> owner(String relative) {
        String[] parts = relative.split("/", 3);
        if (parts.length == 2 && parts[0].equals("__pycache__")) {
            parts = new String[]{parts[1]}; // a top-level module's bytecode: __pycache__/six.cpython-311.pyc is six
        }
        String top = parts.length == 1 ? stripExtension(parts[0]) : parts[0];
        PythonDistribution d = owners.get(top);
        if (d == null && parts.length > 2) {
            d = owners.get(top + "/" + parts[1]);
        }
        return Optional.ofNullable(d);
    }

    /** The distribution whose metadata directory {@code relative} is in (for what a pip install wrote). */
    Optional<PythonDistribution> metadataOwner(String relative) {
        int slash = relative.indexOf('/');
        String dir = slash < 0 ? relative : relative.substring(0, slash);
        if (!dir.endsWith(".dist-info") && !dir.endsWith(".egg-info")) {
            return Optional.empty();
        }
        return distribution(root.resolve(dir));
    }

    /** The files a distribution installed, relative to the site directory. */
    private static List<String> manifest(Path root, Path meta) {
        List<String> out = new java.util.ArrayList<>();
        if (meta.getFileName().toString().endsWith(".dist-info")) {
            for (String line : lines(meta.resolve("RECORD"))) {
                out.add(firstCsvField(line));
            }
        } else {
            // installed-files.txt lists paths relative to the egg-info directory itself.
            for (String line : lines(meta.resolve("installed-files.txt"))) {
                out.add(root.relativize(meta.resolve(line.strip()).normalize()).toString());
            }
        }
        return out;
    }

    private static Optional<PythonDistribution> distribution(Path meta) {
        Path file = meta.resolve(meta.getFileName().toString().endsWith(".dist-info") ? "METADATA" : "PKG-INFO");
        String name = null;
        String version = null;
        for (String line : lines(file)) {
            if (line.isEmpty()) {
                break; // the headers end at the first blank line; the description follows
            }
            if (name == null && line.startsWith("Name:")) {
                name = line.substring(5).strip();
            } else if (version == null && line.startsWith("Version:")) {
                version = line.substring(8).strip();
            }
        }
        return name == null || version == null ? Optional.empty() : Optional.of(new PythonDistribution(name, version));
    }

    /** RECORD is CSV: path,hash,size; a path holding a comma or quote is quoted, with "" for a quote. */
    static String firstCsvField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stripExtension(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
