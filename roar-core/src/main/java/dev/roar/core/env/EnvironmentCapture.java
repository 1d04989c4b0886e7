package dev.roar.core.env;

import dev.roar.core.json.Json;
import dev.roar.core.run.JobType;
import dev.roar.trace.classify.FileFact;
import dev.roar.trace.classify.PathBytes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What a job needs to be made again elsewhere, recorded with it: the packages it actually used (Python
 * distributions whose files it read, Debian packages owning the programs and shared libraries it ran or
 * loaded) and the machine and interpreter it ran on. For build steps also the tools they ran and the
 * Python distributions they installed. The machine description and interpreter versions are cached in
 * .roar/runtime_cache.json, so a job does not pay for probing them each time.
 */
public final class EnvironmentCapture {
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
    private static final Pattern SHARED_LIBRARY = Pattern.compile(".*\\.so(\\.[0-9.]+)?");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/", "/lib/", "/lib64/", "/lib32/", "/bin/", "/sbin/", "/opt/");
    private final Path roarDir;
    private final MachineProbe machine;

    public EnvironmentCapture(Path roarDir, Map<String, String> environment) {
        this.roarDir = roarDir;
        this.machine = new MachineProbe(environment);
    }

    /** {pip, dpkg} for a run step; build steps add {build_pip, build_dpkg, build_tools}. */
    public Map<String, Object> packages(List<FileFact> facts, JobType type) {
        List<PathBytes> used = facts.stream().filter(f -> f.read() || f.executed()).map(FileFact::path).toList();
        List<String> executed = texts(facts.stream().filter(FileFact::executed).map(FileFact::path).toList());
        List<String> native_ = new ArrayList<>(executed);
        for (String path : texts(used)) {
            if (SYSTEM_DIRS.stream().anyMatch(path::startsWith) && SHARED_LIBRARY.matcher(fileName(path)).matches()) {
                native_.add(path);
            }
        }
        PythonPackages python = new PythonPackages(roarDir);
        DebianPackages debian = new DebianPackages(roarDir);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pip", python.used(used));
        out.put("dpkg", debian.owning(native_.stream().distinct().toList()));
        if (type == JobType.BUILD) {
            List<PathBytes> written = facts.stream().filter(f -> f.created() || f.modified()).map(FileFact::path).toList();
            out.put("build_pip", python.installed(written));
            out.put("build_dpkg", debian.owning(executed));
            out.put("build_tools", List.copyOf(new TreeSet<>(executed.stream().map(EnvironmentCapture::fileName).toList())));
        }
        return out;
    }

    /** The machine (cached per machine fingerprint) and the Python interpreter the job ran, if it ran one. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> runtime(List<PathBytes> executed) {
        JsonCacheFile cacheFile = new JsonCacheFile(roarDir.resolve("runtime_cache.json"));
        Map<String, Object> cache = cacheFile.read();
        boolean changed = false;
        String fingerprint = machine.fingerprint();
        Map<String, Object> description;
        if (fingerprint.equals(cache.get("fingerprint")) && cache.get("machine") instanceof Map<?, ?> m) {
            description = new LinkedHashMap<>((Map<String, Object>) m);
        } else {
            description = machine.describe();
            cache.clear();
            cache.put("fingerprint", fingerprint);
            cache.put("machine", description);
            changed = true;
        }
        Map<String, Object> out = new LinkedHashMap<>(description);
        Optional<Path> interpreter = interpreter(texts(executed));
        if (interpreter.isPresent()) {
            Map<String, Object> interpreters = cache.get("python") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            String key = interpreter.get() + "|" + identity(interpreter.get());
            Object known = interpreters.get(key);
            if (!(known instanceof Map<?, ?>)) {
                known = probePython(interpreter.get());
                interpreters.put(key, known);
                cache.put("python", interpreters);
                changed = true;
            }
            out.put("python", known);
        } else {
            out.put("python", null);
        }
        if (changed) {
            cacheFile.write(cache);
        }
        return out;
    }

    /**
     * How this machine differs from a recorded {@code runtime} in what decides whether bytes come out the same:
     * architecture, distribution, GPU models and NVIDIA driver. One line per difference.
     */
    public List<String> differencesFrom(Map<String, Object> recorded) {
        if (recorded.isEmpty()) {
            return List.of();
        }
        Map<String, Object> here = runtime(List.of());
        List<String> out = new ArrayList<>();
        compare(out, "architecture", recorded.get("arch"), here.get("arch"));
        compare(out, "distribution", distro(recorded), distro(here));
        compare(out, "GPUs", gpuNames(recorded), gpuNames(here));
        compare(out, "NVIDIA driver", recorded.get("cuda") instanceof Map<?, ?> c ? c.get("driver") : null,
                here.get("cuda") instanceof Map<?, ?> c ? c.get("driver") : null);
        return out;
    }

    private static void compare(List<String> out, String what, Object recorded, Object here) {
        if (!String.valueOf(recorded).equals(String.valueOf(here))) {
            out.add(what + ": recorded " + (recorded == null ? "none" : recorded) + ", here " + (here == null ? "none" : here));
        }
    }

    private static Object distro(Map<String, Object> runtime) {
        return runtime.get("os") instanceof Map<?, ?> os && os.get("distro") instanceof Map<?, ?> d ? d.get("pretty_name") : null;
    }

    private static Object gpuNames(Map<String, Object> runtime) {
        return runtime.get("gpus") instanceof List<?> gpus
                ? gpus.stream().map(g -> g instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "?").toList() : List.of();
    }

    /** The last Python interpreter binary the job exec'd (pyenv and venv launchers are scripts or links to it). */
    static Optional<Path> interpreter(List<String> executed) {
        for (int i = executed.size() - 1; i >= 0; i--) {
            Path path = Path.of(executed.get(i));
            if (PYTHON.matcher(path.getFileName().toString()).matches() && isElf(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> probePython(Path interpreter) {
        List<String> lines = ProgramOutput.lines(List.of(interpreter.toString(), "-I", "-S", "-c",
                "import platform, sys; print(platform.python_version()); print(platform.python_implementation()); print(sys.executable)"), 20);
        if (lines.size() < 3) {
            return Json.object("version", null, "implementation", null, "executable", interpreter.toString());
        }
        return Json.object("version", lines.get(0), "implementation", lines.get(1), "executable", lines.get(2));
    }

    private static boolean isElf(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> texts(List<PathBytes> paths) {
        return paths.stream().map(PathBytes::utf8).flatMap(Optional::stream).toList();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
