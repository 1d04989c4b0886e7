package dev.roar.core.config;

import dev.roar.core.AtomicFile;
import dev.roar.core.RoarException;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the project's {@code .roar/config.toml}: `roar config set` and `roar env set|unset`.
 * Each change keeps the file's comments, is checked by parsing the result (the changed key has
 * the new value, every other key is unchanged) and lands by atomic rename, so a failed edit leaves
 * the file as it was.
 */
public final class ProjectConfigFile {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Path file;

    public ProjectConfigFile(Path file) {
        this.file = file;
    }

    /** Parses {@code text} as the key's type and writes it; returns the stored value. */
    public Object set(ConfigKey key, String text) {
        Object value = key.type().parse(text).orElseThrow(() -> new RoarException(
                key.name() + " expects " + key.type().expected() + ", got '" + text + "'.",
                "Example: roar config set " + key.name() + " " + key.type().display(key.defaultValue())));
        edit(List.of(key.name().split("\\.")), value,
                editor -> editor.set(key.section(), key.leaf(), key.type().toToml(value)));
        return value;
    }

    public void setEnv(String name, String value) {
        requireEnvName(name);
        edit(List.of("env", name), value, editor -> editor.set("env", name, TomlLiterals.string(value)));
    }

    /** Removes an [env] entry of this file; returns false when it had none. */
    public boolean unsetEnv(String name) {
        requireEnvName(name);
        String before = readText();
        TomlParseResult parsed = TomlFiles.parse(file, before);
        if (parsed.get(List.of("env", name)) == null) {
            return false;
        }
        edit(List.of("env", name), null, editor -> editor.remove("env", name));
        return true;
    }

    private void edit(List<String> path, Object expected, java.util.function.Consumer<TomlDocumentEditor> change) {
        String before = readText();
        TomlParseResult old = TomlFiles.parse(file, before);
        TomlDocumentEditor editor = new TomlDocumentEditor(before);
        change.accept(editor);
        String after = editor.text();
        if (!changedOnly(old, org.tomlj.Toml.parse(after), path, expected)) {
            throw new RoarException("Cannot update " + file + " automatically: " + String.join(".", path)
                    + " is written there in a form this editor does not rewrite.",
                    "Edit the file by hand.");
        }
        write(after);
    }

    /** True when {@code after} parses, holds {@code expected} at {@code path}, and agrees with {@code before} elsewhere. */
    private static boolean changedOnly(TomlParseResult before, TomlParseResult after, List<String> path, Object expected) {
        if (after.hasErrors()) {
            return false;
        }
        Object now = after.get(path);
        boolean valueOk = expected == null ? now == null : sameValue(expected, now);
        if (!valueOk) {
            return false;
        }
        String changed = String.join(".", path);
        for (String key : union(before, after)) {
            if (key.equals(changed)) {
                continue;
            }
            if (!Objects.equals(plain(before.get(List.of(key.split("\\.")))), plain(after.get(List.of(key.split("\\.")))))) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Set<String> union(TomlTable a, TomlTable b) {
        java.util.Set<String> keys = new java.util.TreeSet<>(a.dottedKeySet());
        keys.addAll(b.dottedKeySet());
        return keys;
    }

    private static boolean sameValue(Object expected, Object toml) {
        if (expected instanceof List<?> list) {
            return toml instanceof org.tomlj.TomlArray array && array.toList().equals(list);
        }
        return Objects.equals(expected, toml);
    }

    private static Object plain(Object toml) {
        return toml instanceof org.tomlj.TomlArray array ? array.toList() : toml;
    }

    private String readText() {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new RoarException("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.", e);
        }
    }

    private void write(String text) {
        try {
            AtomicFile.write(file, text);
        } catch (IOException e) {
            throw new RoarException("Cannot write " + file + ": " + e.getMessage(), "Check the permissions of .roar/.", e);
        }
    }

    private static void requireEnvName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new RoarException("'" + name + "' is not a valid environment variable name.",
                    "Use letters, digits and underscores, not starting with a digit (e.g. DATA_DIR).");
        }
    }
}
