package dev.roar.core.config;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every key roar understands, with its type and default: the keys of the original roar's config. */
public final class ConfigSchema {
    private static final ConfigType BOOL = new ConfigType.Bool();
    private static final ConfigType TEXT = new ConfigType.Text();
    private static final List<String> EXTRA_HASHES = List.of("sha256", "sha512", "md5");

    private static final List<ConfigKey> KEYS = List.of(
            key("output.track_repo_files", BOOL, false,
                    "Record git-tracked files a job reads as inputs (normally the commit identifies code)"),
            key("output.verbosity", choice("quiet", "normal", "verbose", "debug"), "normal",
                    "How much roar prints after a run"),
            key("output.quiet", BOOL, false, "One summary line after a run instead of the full report"),

            key("filters.ignore_system_reads", BOOL, true,
                    "Drop reads under /usr, /etc, /lib, /proc, /sys, /dev, /run, /opt from inputs"),
            key("filters.ignore_package_reads", BOOL, true,
                    "Drop reads of installed packages and interpreters (recorded as packages instead)"),
            key("filters.ignore_torch_cache", BOOL, true, "Drop /tmp/torch*, /tmp/triton* compile caches"),
            key("filters.ignore_library_caches", BOOL, true,
                    "Drop tool caches such as ~/.cache/pip and ~/.cache/huggingface"),
            key("filters.ignore_tmp_files", BOOL, true, "Drop /tmp files a job both wrote and read (scratch)"),
            key("filters.ignore_paths", new ConfigType.TextList(List.of()), List.of(),
                    "More paths to drop: absolute prefixes or repo-relative paths and globs"),

            key("cleanup.delete_tmp_writes", BOOL, false, "Delete /tmp files a job wrote but never read"),

            key("glaas.url", TEXT, "https://api.glaas.ai", "GLaaS lineage server to publish to"),
            key("glaas.key", TEXT, "", "SSH private key that signs GLaaS requests (empty: ~/.ssh default)"),

            key("registration.public_by_default", BOOL, false, "Register lineage as public unless told otherwise"),
            key("registration.omit.enabled", BOOL, true, "Remove secrets from lineage before it is registered"),
            key("registration.omit.env_vars.names", new ConfigType.TextList(List.of()), List.of(
                            "WANDB_API_KEY", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "OPENAI_API_KEY",
                            "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                            "AWS_SESSION_TOKEN"),
                    "Environment variables whose values are never registered"),
            key("registration.omit.patterns", new ConfigType.TextList(List.of()), List.of(),
                    "Regular expressions whose matches are removed before registration"),
            key("registration.tagging.enabled", BOOL, true, "Tag the session's commit roar/<sha> on register"),

            key("scope.mode", TEXT, "anonymous", "Registration scope: anonymous, private, public or a project id"),

            key("hash.primary", choice("blake3"), "blake3", "Digest that names every artifact"),
            key("hash.get", new ConfigType.TextList(EXTRA_HASHES), List.of("sha256"),
                    "Extra digests computed for downloaded files"),
            key("hash.put", new ConfigType.TextList(EXTRA_HASHES), List.of(),
                    "Extra digests computed for published files"),
            key("hash.run", new ConfigType.TextList(EXTRA_HASHES), List.of(),
                    "Extra digests computed for every run's inputs and outputs"),

            key("proxy.enabled", BOOL, false, "Route S3 traffic of runs through the lineage proxy"),

            key("tracer.default", choice("auto", "ebpf", "ptrace"), "auto",
                    "Tracer backend for runs; auto tries the fastest that can start here"),
            key("tracer.fallback_enabled", BOOL, true, "Fall back to the next backend when one cannot start"),

            key("telemetry.enabled", BOOL, false, "Send anonymous usage statistics"),
            key("telemetry.endpoint", TEXT, "", "Where usage statistics go (empty: the default endpoint)"),

            key("reversible.enabled", BOOL, false, "Back up a step's previous outputs so pop can restore them"),

            key("logging.level", choice("debug", "info", "warning", "error"), "warning", "Least severe message logged"),
            key("logging.console", BOOL, false, "Also print log messages to the terminal"),
            key("logging.file", TEXT, "~/.roar/roar.log", "Log file"),

            key("git.remote", TEXT, "origin", "Remote whose URL identifies the repository"),
            key("git.push_tags_on_register", choice("auto", "never"), "auto", "Push roar/<sha> tags after register"),

            key("hints.enabled", BOOL, true, "Show next-step hints after commands"),

            key("tags.custom_kinds", new ConfigType.TextList(List.of()), List.of(),
                    "Compliance tag kinds beyond the built-in ones"),

            key("composites.run.enabled", BOOL, true, "Detect dataset directories among a run's outputs"),
            key("composites.run.min_confidence", new ConfigType.Decimal(0, 1), 0.8,
                    "Confidence needed to treat a directory as one dataset"),
            key("composites.run.min_components", new ConfigType.Int(1, Integer.MAX_VALUE), 2L,
                    "Fewest files that make a dataset"),
            key("composites.run.max_roots_per_job", new ConfigType.Int(1, 1000), 4L,
                    "Most dataset directories recorded per job"));

    private static final Map<String, ConfigKey> BY_NAME = index();

    private ConfigSchema() {
    }

    public static List<ConfigKey> keys() {
        return KEYS;
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The known key closest to a mistyped one, for "did you mean" hints. */
    public static Optional<ConfigKey> closest(String name) {
        return KEYS.stream()
                .min(Comparator.comparingInt(k -> EditDistance.between(k.name(), name)))
                .filter(k -> EditDistance.between(k.name(), name) <= Math.max(2, name.length() / 4));
    }

    private static ConfigType choice(String... choices) {
        return new ConfigType.Choice(List.of(choices));
    }

    private static ConfigKey key(String name, ConfigType type, Object defaultValue, String description) {
        return new ConfigKey(name, type, defaultValue, description);
    }

    private static Map<String, ConfigKey> index() {
        Map<String, ConfigKey> byName = new LinkedHashMap<>();
        for (ConfigKey key : KEYS) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalStateException("duplicate config key " + key.name());
            }
        }
        return byName;
    }
}
