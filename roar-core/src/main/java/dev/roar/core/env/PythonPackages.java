package dev.roar.core.env;

import dev.roar.core.json.Json;
import dev.roar.trace.classify.PathBytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Python distributions a job used (not a freeze of everything installed): those owning a file the
 * job read or ran under a site-packages or dist-packages directory. Each site directory touched is read
 * once per job.
 */
public final class PythonPackages {
    private final Map<String, SitePackages> sites = new HashMap<>();
    private final JsonCacheFile cacheFile;
    private Map<String, Object> cache;

    /** Site indexes are cached in {@code roarDir}/python_sites_cache.json until the site directory changes. */
    public PythonPackages(Path roarDir) {
        this.cacheFile = new JsonCacheFile(roarDir.resolve("python_sites_cache.json"));
    }

    /** name -> version of every distribution owning one of {@code paths}, sorted by name. */
    public Map<String, String> used(Collection<PathBytes> paths) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (PathBytes path : paths) {
            owner(path, false).ifPresent(d -> out.put(d.name(), d.version()));
        }
        return out;
    }

    /** name -> version of every distribution whose metadata the job wrote: what a pip install installed. */
    public Map<String, String> installed(Collection<PathBytes> written) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (PathBytes path : written) {
            owner(path, true).ifPresent(d -> out.put(d.name(), d.version()));
        }
        return out;
    }

    private Optional<PythonDistribution> owner(PathBytes path, boolean metadata) {
        Optional<String> text = path.utf8();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> root = SitePackages.rootOf(text.get());
        if (root.isEmpty()) {
            return Optional.empty();
        }
        SitePackages site = sites.computeIfAbsent(root.get(), this::site);
        String relative = text.get().substring(root.get().length() + 1);
        String top = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
        boolean inMetadata = top.endsWith(".dist-info") || top.endsWith(".egg-info");
        if (metadata) {
            return inMetadata ? site.metadataOwner(relative) : Optional.empty();
        }
        // Reading a distribution's metadata (importlib.metadata scans all of them) is not using it, nor is
        // site.py reading every .pth file at start-up: only the code a .pth imports counts, when it is read.
        return inMetadata || relative.endsWith(".pth") ? Optional.empty() : site.owner(relative);
    }

    /**
     * The index of one site directory: from the cache while the directory's mtime is the one recorded
     * (installing or removing a distribution adds or removes its metadata directory there), else read anew.
     */
    @SuppressWarnings("unchecked")
    private SitePackages site(String root) {
        Path dir = Path.of(root);
        long mtime;
        try {
            mtime = Files.getLastModifiedTime(dir).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return SitePackages.of(dir, Map.of());
        }
        if (cache == null) {
            cache = cacheFile.read();
        }
        if (cache.get(root) instanceof Map<?, ?> entry && entry.get("mtime_ns") instanceof Number n && n.longValue() == mtime
                && entry.get("owners") instanceof Map<?, ?> owners) {
            Map<String, PythonDistribution> known = new HashMap<>();
            ((Map<String, Object>) owners).forEach((key, value) -> {
                if (value instanceof List<?> l && l.size() == 2) {
                    known.put(key, new PythonDistribution(String.valueOf(l.get(0)), String.valueOf(l.get(1))));
                }
            });
            return SitePackages.of(dir, known);
        }
        SitePackages read = SitePackages.read(dir);
        Map<String, Object> owners = new TreeMap<>();
        read.owners().forEach((key, d) -> owners.put(key, List.of(d.name(), d.version())));
        cache.put(root, Json.object("mtime_ns", mtime, "owners", owners));
        cacheFile.write(cache);
        return read;
    }
}
