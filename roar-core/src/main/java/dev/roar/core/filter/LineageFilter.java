package dev.roar.core.filter;

import dev.roar.core.config.RoarConfig;
import dev.roar.trace.classify.FileFact;
import dev.roar.trace.classify.PathBytes;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which traced files are a job's inputs and outputs: what remains after dropping system
 * files, installed software, caches, scratch, and code that the git commit already identifies.
 */
public final class LineageFilter {
    private static final List<String> SYSTEM_PREFIXES = List.of("/sys/", "/etc/", "/sbin/", "/proc/", "/dev/", "/run/",
            "/usr/", "/opt/", "/lib/", "/lib64/", "/bin/", "/var/lib/", "/var/cache/");
    private static final List<String> WRITE_NOISE_PREFIXES = List.of("/dev/", "/proc/", "/sys/", "/run/", "/usr/", "/opt/",
            "/etc/", "/lib/", "/lib64/", "/bin/", "/sbin/", "/var/cache/", "/var/lib/");
    private static final List<String> TORCH_PREFIXES = List.of("/tmp/torchinductor_", "/tmp/torch_", "/tmp/triton");
    private static final List<String> LIBRARY_CACHES = List.of("huggingface", "pip", "uv", "poetry", "pypoetry", "conda",
            "wandb", "mlflow", "pre-commit", "black", "mypy", "ruff", "pylint", "yarn", "npm", "Cypress", "torch", "triton",
            "jupyter", "matplotlib", "fontconfig");
    private static final Set<String> CODE_EXTENSIONS = Set.of("py", "pyx", "pxd", "pyi", "ipynb", "sh", "bash", "zsh", "r",
            "jl", "js", "mjs", "cjs", "ts", "c", "h", "cc", "cpp", "cxx", "hpp", "cu", "cuh", "java", "kt", "scala", "go", "rs",
            "rb", "pl", "pm", "lua", "swift", "m", "mk", "cmake");
    /** Directories programs are installed in; their parent is the installation (pyenv keeps shims and libexec there). */
    private static final Set<String> PROGRAM_DIRS = Set.of("bin", "sbin", "shims", "libexec");
    private static final Set<String> CODE_NAMES = Set.of("Makefile", "makefile", "GNUmakefile", "Dockerfile", "CMakeLists.txt");

    /**
     * @param repoRoot        the git work tree
     * @param home            the user's home, for ~/.local and ~/.cache
     * @param trackedFiles    repo-relative paths git tracks (code among them is identified by the commit)
     * @param executed        programs the job exec'd: reads under their install prefixes are package reads
     */
    public record Context(Path repoRoot, Path home, Set<String> trackedFiles, List<PathBytes> executed, RoarConfig config) {
    }

    public record Outcome(List<FileFact> inputs, List<FileFact> outputs, List<FileFact> deletions,
                          Map<FilterCategory, List<PathBytes>> dropped) {
    }

    private final Context context;
    private final String repoPrefix;
    private final List<String> packagePrefixes;
    private final List<PathMatcher> ignoreGlobs = new ArrayList<>();
    private final List<String> ignorePrefixes = new ArrayList<>();

    public LineageFilter(Context context) {
        this.context = context;
        this.repoPrefix = context.repoRoot().toString() + "/";
        this.packagePrefixes = packagePrefixes(context);
        for (String pattern : context.config().textList("filters.ignore_paths")) {
            if (pattern.startsWith("/")) {
                ignorePrefixes.add(pattern.endsWith("/") ? pattern : pattern + "/");
                ignorePrefixes.add(pattern);
            } else {
                ignoreGlobs.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                ignoreGlobs.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern + "/**"));
            }
        }
    }

    public Outcome apply(List<FileFact> facts) {
        List<FileFact> inputs = new ArrayList<>();
        List<FileFact> outputs = new ArrayList<>();
        List<FileFact> deletions = new ArrayList<>();
        Map<FilterCategory, List<PathBytes>> dropped = new EnumMap<>(FilterCategory.class);
        for (FileFact fact : facts) {
            String path = fact.path().display();
            // A repository that itself lives under /tmp is a project, not scratch.
            boolean scratch = isTmp(path) && !path.startsWith(repoPrefix) && fact.read() && (fact.created() || fact.modified())
                    && context.config().bool("filters.ignore_tmp_files");
            if (fact.input()) {
                Optional<FilterCategory> why = scratch ? Optional.of(FilterCategory.TMP_SCRATCH) : dropInput(path);
                why.ifPresentOrElse(c -> dropped.computeIfAbsent(c, k -> new ArrayList<>()).add(fact.path()), () -> inputs.add(fact));
            }
            if (fact.output()) {
                Optional<FilterCategory> why = scratch ? Optional.of(FilterCategory.TMP_SCRATCH) : dropOutput(path);
                if (why.isPresent()) {
                    if (!fact.input() || !dropped.getOrDefault(why.get(), List.of()).contains(fact.path())) {
                        dropped.computeIfAbsent(why.get(), k -> new ArrayList<>()).add(fact.path());
                    }
                } else {
                    outputs.add(fact);
                }
            }
            if (fact.deletion() && dropOutput(path).isEmpty()) {
                deletions.add(fact);
            }
        }
        return new Outcome(inputs, outputs, deletions, dropped);
    }

    private Optional<FilterCategory> dropInput(String path) {
        Optional<FilterCategory> common = common(path);
        if (common.isPresent()) {
            return common;
        }
        if (context.config().bool("filters.ignore_system_reads") && startsWithAny(path, SYSTEM_PREFIXES)) {
            return Optional.of(FilterCategory.SYSTEM);
        }
        if (context.config().bool("filters.ignore_package_reads") && isPackage(path)) {
            return Optional.of(FilterCategory.PACKAGES);
        }
        if (!context.config().bool("output.track_repo_files") && isRepoCode(path)) {
            return Optional.of(FilterCategory.REPO_CODE);
        }
        return ignored(path);
    }

    private Optional<FilterCategory> dropOutput(String path) {
        Optional<FilterCategory> common = common(path);
        if (common.isPresent()) {
            return common;
        }
        if (startsWithAny(path, WRITE_NOISE_PREFIXES) || path.endsWith(".pyc") || path.startsWith("/dev/shm/")) {
            return Optional.of(FilterCategory.WRITE_NOISE);
        }
        if (isPackage(path)) {
            return Optional.of(FilterCategory.PACKAGES);
        }
        return ignored(path);
    }

    /** Categories that apply to reads and writes alike. */
    private Optional<FilterCategory> common(String path) {
        if (path.contains("/.roar/") || path.endsWith("/.roar")) {
            return Optional.of(FilterCategory.ROAR_INTERNAL);
        }
        if (path.contains("/.git/") || path.endsWith("/.gitconfig") || path.endsWith("/.gitmodules")) {
            return Optional.of(FilterCategory.GIT_METADATA);
        }
        if (path.endsWith("/.netrc") || path.endsWith("/_netrc")) {
            return Optional.of(FilterCategory.CREDENTIAL_FILES);
        }
        if (context.config().bool("filters.ignore_torch_cache") && startsWithAny(path, TORCH_PREFIXES)) {
            return Optional.of(FilterCategory.TORCH_CACHE);
        }
        if (context.config().bool("filters.ignore_library_caches") && isLibraryCache(path)) {
            return Optional.of(FilterCategory.LIBRARY_CACHES);
        }
        if (path.contains("/__pycache__/")) {
            return Optional.of(FilterCategory.WRITE_NOISE);
        }
        return Optional.empty();
    }

    private Optional<FilterCategory> ignored(String path) {
        if (startsWithAny(path, ignorePrefixes) || ignorePrefixes.contains(path)) {
            return Optional.of(FilterCategory.IGNORE_PATHS);
        }
        if (path.startsWith(repoPrefix) && !ignoreGlobs.isEmpty()) {
            Path relative = Path.of(path.substring(repoPrefix.length()));
            for (PathMatcher glob : ignoreGlobs) {
                if (glob.matches(relative)) {
                    return Optional.of(FilterCategory.IGNORE_PATHS);
                }
            }
        }
        return Optional.empty();
    }

    private boolean isPackage(String path) {
        return path.contains("/site-packages/") || path.contains("/dist-packages/") || startsWithAny(path, packagePrefixes);
    }

    private boolean isLibraryCache(String path) {
        if (path.contains("/.triton/cache/")) {
            return true;
        }
        int at = path.indexOf("/.cache/");
        if (at < 0) {
            return false;
        }
        String rest = path.substring(at + "/.cache/".length());
        int slash = rest.indexOf('/');
        return slash > 0 && LIBRARY_CACHES.contains(rest.substring(0, slash));
    }

    private boolean isRepoCode(String path) {
        if (!path.startsWith(repoPrefix)) {
            return false;
        }
        String relative = path.substring(repoPrefix.length());
        if (!context.trackedFiles().contains(relative)) {
            return false;
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return CODE_NAMES.contains(name) || (dot > 0 && CODE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static boolean isTmp(String path) {
        return path.startsWith("/tmp/") || path.startsWith("/var/tmp/") || path.startsWith("/private/var/folders/");
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Install prefixes of the programs the job ran: /x/bin/python -> /x (pyenv versions and shims, venvs,
     * conda envs), and ~/.local. A prefix that would swallow the repository or the home
     * directory itself is ignored: a script run from the repo is not an installation.
     */
    private static List<String> packagePrefixes(Context context) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add(context.home().resolve(".local") + "/");
        for (PathBytes program : context.executed()) {
            Optional<String> text = program.utf8();
            if (text.isEmpty()) {
                continue;
            }
            for (Path candidate : List.of(Path.of(text.get()), realPath(Path.of(text.get())))) {
                Path dir = candidate.getParent();
                if (dir == null) {
                    continue;
                }
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                Path prefix = PROGRAM_DIRS.contains(name) && dir.getParent() != null ? dir.getParent() : null;
                if (prefix == null || prefix.getNameCount() < 2 || context.repoRoot().startsWith(prefix)
                        || context.home().startsWith(prefix)) {
                    continue;
                }
                prefixes.add(prefix + "/");
            }
        }
        return prefixes;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException | RuntimeException e) {
            return path;
        }
    }
}
