package dev.roar.cli.lineage;

import dev.roar.cli.CliContext;

import java.util.Map;

/**
 * ANSI colors for terminal output: on when stdout is a terminal, off with --no-color, NO_COLOR set,
 * TERM=dumb, or output into a pipe or file (so scripts and tests read plain text).
 */
final class Style {
    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    static Style plain() {
        return new Style(false);
    }

    static Style detect(boolean noColor, CliContext context) {
        Map<String, String> environment = context.environment();
        if (noColor || environment.containsKey("NO_COLOR") || "dumb".equals(environment.get("TERM"))) {
            return plain();
        }
        return new Style(context.host().terminal());
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String cyan(String s) {
        return wrap("36", s);
    }

    String green(String s) {
        return wrap("32", s);
    }

    String red(String s) {
        return wrap("31", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
