package dev.roar.core.label;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label documents are JSON objects; a dotted key ({@code model.arch=cnn}) is a path into nested
 * objects. These helpers merge, remove and flatten such documents without mutating their inputs.
 */
public final class LabelDocuments {
    /** System labels (written by roar itself) live under this namespace and are hidden by default. */
    public static final String SYSTEM_PREFIX = "roar.";

    private LabelDocuments() {
    }

    /** {@code base} with each dotted key of {@code updates} set, nested objects merged. */
    public static Map<String, Object> with(Map<String, Object> base, Map<String, Object> updates) {
        Map<String, Object> out = deepCopy(base);
        updates.forEach((key, value) -> put(out, key.split("\\.", -1), 0, value));
        return out;
    }

    /** {@code base} without each dotted key; objects left empty are removed too. */
    public static Map<String, Object> without(Map<String, Object> base, List<String> keys) {
        Map<String, Object> out = deepCopy(base);
        for (String key : keys) {
            remove(out, key.split("\\.", -1), 0);
        }
        return out;
    }

    /** Leaf values by dotted key, sorted, optionally hiding roar's system labels. */
    public static Map<String, Object> flatten(Map<String, Object> doc, boolean includeSystem) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", doc, out);
        if (!includeSystem) {
            out.keySet().removeIf(k -> k.startsWith(SYSTEM_PREFIX));
        }
        return out;
    }

    /** A document with keys sorted at every level: the stored form, so equal documents compare equal. */
    public static Map<String, Object> sorted(Map<String, Object> doc) {
        Map<String, Object> out = new TreeMap<>();
        doc.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? sorted(cast(m)) : v));
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> doc, Map<String, Object> out) {
        doc.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(prefix + k + ".", cast(m), out);
            } else {
                out.put(prefix + k, v);
            }
        });
    }

    private static void put(Map<String, Object> doc, String[] path, int i, Object value) {
        if (i == path.length - 1) {
            doc.put(path[i], value);
            return;
        }
        Object child = doc.get(path[i]);
        Map<String, Object> next;
        if (child instanceof Map<?, ?> m) {
            next = cast(m);
        } else {
            next = new LinkedHashMap<>();
            doc.put(path[i], next);
        }
        put(next, path, i + 1, value);
    }

    private static boolean remove(Map<String, Object> doc, String[] path, int i) {
        if (i == path.length - 1) {
            return doc.remove(path[i]) != null || doc.containsKey(path[i]);
        }
        if (doc.get(path[i]) instanceof Map<?, ?> m) {
            Map<String, Object> child = cast(m);
            boolean removed = remove(child, path, i + 1);
            if (child.isEmpty()) {
                doc.remove(path[i]);
            }
            return removed;
        }
        return false;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        doc.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? deepCopy(cast(m)) : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
