package dev.roar.core.lineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of two command lines, compared: options written {@code --key=value} or
 * {@code --key value} by name, the remaining words by position.
 */
public final class ParameterChanges {
    public record Change(String name, String before, String after) {
    }

    private ParameterChanges() {
    }

    public static List<Change> between(List<String> a, List<String> b) {
        Map<String, String> optionsA = new LinkedHashMap<>();
        Map<String, String> optionsB = new LinkedHashMap<>();
        List<String> wordsA = new ArrayList<>();
        List<String> wordsB = new ArrayList<>();
        split(a, optionsA, wordsA);
        split(b, optionsB, wordsB);
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < Math.max(wordsA.size(), wordsB.size()); i++) {
            String x = i < wordsA.size() ? wordsA.get(i) : null;
            String y = i < wordsB.size() ? wordsB.get(i) : null;
            if (x == null || !x.equals(y)) {
                out.add(new Change(i == 0 ? "program" : "argument " + i, x, y));
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        optionsA.keySet().forEach(k -> names.put(k, k));
        optionsB.keySet().forEach(k -> names.put(k, k));
        for (String name : names.keySet()) {
            String x = optionsA.get(name);
            String y = optionsB.get(name);
            if (x == null ? y != null : !x.equals(y)) {
                out.add(new Change(name, x, y));
            }
        }
        return out;
    }

    /** {@code argv} with each {@code --key=value} override applied: replacing the option where present, else appended. */
    public static List<String> override(List<String> argv, List<String> overrides) {
        List<String> out = new ArrayList<>(argv);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            String key = override.substring(0, eq);
            boolean replaced = false;
            for (int i = 0; i < out.size() && !replaced; i++) {
                String word = out.get(i);
                if (word.startsWith(key + "=")) {
                    out.set(i, override);
                    replaced = true;
                } else if (word.equals(key) && i + 1 < out.size() && !out.get(i + 1).startsWith("--")) {
                    out.set(i, override);
                    out.remove(i + 1);
                    replaced = true;
                }
            }
            if (!replaced) {
                out.add(override);
            }
        }
        return out;
    }

    private static void split(List<String> argv, Map<String, String> options, List<String> words) {
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (word.startsWith("--") && word.length() > 2) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    options.put(word.substring(0, eq), word.substring(eq + 1));
                } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                    options.put(word, argv.get(++i));
                } else {
                    options.put(word, "");
                }
            } else {
                words.add(word);
            }
        }
    }
}
