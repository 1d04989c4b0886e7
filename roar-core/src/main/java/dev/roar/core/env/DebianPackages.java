package dev.roar.core.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The Debian packages owning the programs and shared libraries a job used, with their versions. One
 * batched {@code dpkg -S} for the paths not seen before (it reads every package's file list: ~0.3 s here)
 * and one {@code dpkg-query} for versions; answers are cached in .roar/dpkg_cache.json until the dpkg
 * database changes (the mtime of /var/lib/dpkg/status). On a system without dpkg the answer is empty.
 */
public final class DebianPackages {
    private static final Path STATUS = Path.of("/var/lib/dpkg/status");
    private static final int PATHS_PER_CALL = 400;
    private final JsonCacheFile cache;
    private final Path status;

    public DebianPackages(Path roarDir) {
        this(roarDir.resolve("dpkg_cache.json"), STATUS);
    }

    DebianPackages(Path cacheFile, Path status) {
        this.cache = new JsonCacheFile(cacheFile);
        this.status = status;
    }

    /** package -> version for the packages owning any of {@code paths} (absolute), sorted by name. */
    @SuppressWarnings("unchecked")
    public Map<String, String> owning(Collection<String> paths) {
        Optional<Long> dbVersion = statusMtime();
        if (dbVersion.isEmpty() || paths.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> cached = cache.read();
        boolean fresh = dbVersion.get().equals(number(cached.get("dpkg_status_mtime_ns")));
        Map<String, Object> owners = fresh && cached.get("owners") instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Object>) m) : new TreeMap<>();
        Map<String, Object> versions = fresh && cached.get("versions") instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Object>) m) : new TreeMap<>();

        List<String> unknown = paths.stream().filter(p -> !owners.containsKey(p)).distinct().toList();
        if (!unknown.isEmpty()) {
            Map<String, String> found = search(unknown);
            for (String path : unknown) {
                owners.put(path, found.getOrDefault(path, ""));
            }
        }
        Set<String> packages = new TreeSet<>();
        for (String path : paths) {
            for (String pkg : String.valueOf(owners.getOrDefault(path, "")).split(",")) {
                if (!pkg.isBlank()) {
                    packages.add(pkg);
                }
            }
        }
        List<String> unversioned = packages.stream().filter(p -> !versions.containsKey(p)).toList();
        if (!unversioned.isEmpty()) {
            versions.putAll(query(unversioned));
        }
        if (!unknown.isEmpty() || !unversioned.isEmpty()) {
            Map<String, Object> content = new java.util.LinkedHashMap<>();
            content.put("dpkg_status_mtime_ns", dbVersion.get());
            content.put("owners", owners);
            content.put("versions", versions);
            cache.write(content);
        }
        Map<String, String> out = new TreeMap<>();
        for (String pkg : packages) {
            Object v = versions.get(pkg);
            if (v != null && !String.valueOf(v).isEmpty()) {
                out.put(pkg, String.valueOf(v));
            }
        }
        return out;
    }

    /** path -> owning packages (comma-separated) for the paths dpkg knows, trying each path's merged-/usr twin too. */
    private static Map<String, String> search(List<String> paths) {
        Map<String, List<String>> candidates = new java.util.LinkedHashMap<>();
        Set<String> asked = new LinkedHashSet<>();
        for (String path : paths) {
            List<String> forms = new ArrayList<>(List.of(path));
            usrMergeTwin(path).ifPresent(forms::add);
            candidates.put(path, forms);
            asked.addAll(forms);
        }
        Map<String, String> owners = new java.util.HashMap<>();
        List<String> all = List.copyOf(asked);
        for (int i = 0; i < all.size(); i += PATHS_PER_CALL) {
            List<String> argv = new ArrayList<>(List.of("dpkg", "-S"));
            argv.addAll(all.subList(i, Math.min(all.size(), i + PATHS_PER_CALL)));
            // dpkg -S exits 1 when some path is not owned; the lines it printed for the others still count.
            for (String line : ProgramOutput.lines(argv, 60)) {
                parseOwnerLine(line).ifPresent(o -> owners.merge(o[1], o[0], (a, b) -> a.equals(b) ? a : a + "," + b));
            }
        }
        Map<String, String> out = new java.util.HashMap<>();
        candidates.forEach((path, forms) -> forms.stream().map(owners::get).filter(o -> o != null).findFirst()
                .ifPresent(o -> out.put(path, o)));
        return out;
    }

    /** {"pkg1,pkg2", "/path"} from a dpkg -S line "pkg1:amd64, pkg2: /path"; diversion notes are skipped. */
    static Optional<String[]> parseOwnerLine(String line) {
        if (line.startsWith("diversion by ")) {
            return Optional.empty();
        }
        int sep = line.indexOf(": /");
        if (sep < 0) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String pkg : line.substring(0, sep).split(",")) {
            String name = pkg.strip();
            int colon = name.indexOf(':');
            names.add(colon < 0 ? name : name.substring(0, colon));
        }
        return Optional.of(new String[]{String.join(",", names), line.substring(sep + 2)});
    }

    /** Debian 12 merges /bin into /usr/bin (and lib, sbin), but dpkg knows each file under one of the two names. */
    static Optional<String> usrMergeTwin(String path) {
        for (String dir : List.of("/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/")) {
            if (path.startsWith(dir)) {
                return Optional.of("/usr" + path);
            }
            if (path.startsWith("/usr" + dir)) {
                return Optional.of(path.substring(4));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> query(List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("dpkg-query", "-W", "-f=${Package}\\t${Version}\\n"));
        argv.addAll(packages);
        Map<String, String> out = new TreeMap<>();
        for (String line : ProgramOutput.lines(argv, 60)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
    }


    private Optional<Long> statusMtime() {
        try {
            BasicFileAttributes a = Files.readAttributes(status, BasicFileAttributes.class);
            return Optional.of(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
