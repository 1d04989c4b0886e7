package dev.roar.core.run;

import dev.roar.core.hash.HashAlgorithm;
import dev.roar.trace.classify.PathBytes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether a new job re-runs an existing step: the original roar's rule. The identity is the set of
 * input and output paths (repo-relative, else home-relative, else the file name) with numbered
 * parts (_001, _20240101) collapsed, so re-running with other parameters is the same step.
 */
public final class StepIdentity {
    private static final Pattern NUMBERED = Pattern.compile("_\\d{3,}");

    private StepIdentity() {
    }

    public static String of(List<PathBytes> inputs, List<PathBytes> outputs, Path repoRoot, Path home, String command) {
        if (inputs.isEmpty() && outputs.isEmpty()) {
            return HashAlgorithm.BLAKE3.digest(("COMMAND:" + command).getBytes(StandardCharsets.UTF_8));
        }
        List<String> parts = new ArrayList<>();
        parts.add("INPUTS:");
        parts.addAll(normalized(inputs, repoRoot, home));
        parts.add("OUTPUTS:");
        parts.addAll(normalized(outputs, repoRoot, home));
        return HashAlgorithm.BLAKE3.digest(String.join("\0", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static TreeSet<String> normalized(List<PathBytes> paths, Path repoRoot, Path home) {
        TreeSet<String> out = new TreeSet<>();
        String repo = repoRoot + "/";
        String homePrefix = home + "/";
        for (PathBytes path : paths) {
            String p = path.display();
            String relative = p.startsWith(repo) ? p.substring(repo.length())
                    : p.startsWith(homePrefix) ? p.substring(homePrefix.length())
                    : p.substring(p.lastIndexOf('/') + 1);
            out.add(NUMBERED.matcher(relative).replaceAll("*"));
        }
        return out;
    }
}
