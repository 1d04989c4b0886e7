package dev.roar.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed set of value types a config key can have. Each type turns the three places a value
 * comes from (a TOML value, a command-line string, an environment string) into one Java value,
 * and writes it back as a TOML literal.
 */
public sealed interface ConfigType {
    /** For messages: "a boolean (true or false)". */
    String expected();

    /** The value tomlj parsed, if it has this type. */
    Optional<Object> fromToml(Object tomlValue);

    /** A value typed by a person (`roar config set`, `ROAR_X__Y`), if it parses. */
    Optional<Object> parse(String text);

    String toToml(Object value);

    /** How the value reads in a terminal. */
    default String display(Object value) {
        return String.valueOf(value);
    }

    record Bool() implements ConfigType {
        public String expected() {
            return "a boolean (true or false)";
        }

        public Optional<Object> fromToml(Object v) {
            return v instanceof Boolean b ? Optional.of(b) : Optional.empty();
        }

        public Optional<Object> parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> Optional.of(true);
                case "false", "no", "off", "0" -> Optional.of(false);
                default -> Optional.empty();
            };
        }

        public String toToml(Object value) {
            return value.toString();
        }
    }

    record Int(long min, long max) implements ConfigType {
        public String expected() {
            return "an integer from " + min + " to " + max;
        }

        public Optional<Object> fromToml(Object v) {
            return v instanceof Long l && l >= min && l <= max ? Optional.of(l) : Optional.empty();
        }

        public Optional<Object> parse(String text) {
            try {
                return fromToml(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        public String toToml(Object value) {
            return value.toString();
        }
    }

    record Decimal(double min, double max) implements ConfigType {
        public String expected() {
            return "a number from " + min + " to " + max;
        }

        public Optional<Object> fromToml(Object v) {
            if (v instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
                return Optional.of(n.doubleValue());
            }
            return Optional.empty();
        }

        public Optional<Object> parse(String text) {
            try {
                return fromToml(Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        public String toToml(Object value) {
            return value.toString();
        }
    }

    record Text() implements ConfigType {
        public String expected() {
            return "a string";
        }

        public Optional<Object> fromToml(Object v) {
            return v instanceof String s ? Optional.of(s) : Optional.empty();
        }

        public Optional<Object> parse(String text) {
            return Optional.of(text);
        }

        public String toToml(Object value) {
            return TomlLiterals.string((String) value);
        }
    }

    record Choice(List<String> choices) implements ConfigType {
        public Choice {
            choices = List.copyOf(choices);
        }

        public String expected() {
            return "one of " + String.join(", ", choices);
        }

        public Optional<Object> fromToml(Object v) {
            return v instanceof String s && choices.contains(s) ? Optional.of(s) : Optional.empty();
        }

        public Optional<Object> parse(String text) {
            return fromToml(text.trim());
        }

        public String toToml(Object value) {
            return TomlLiterals.string((String) value);
        }
    }

    /** A list of strings, each one of {@code allowed} unless that is empty; typed as "a,b" or ["a", "b"]. */
    record TextList(List<String> allowed) implements ConfigType {
        public TextList {
            allowed = List.copyOf(allowed);
        }

        public String expected() {
            String items = allowed.isEmpty() ? "strings" : "values from " + String.join(", ", allowed);
            return "a list of " + items + " (a,b,c or [\"a\", \"b\"])";
        }

        public Optional<Object> fromToml(Object v) {
            if (!(v instanceof org.tomlj.TomlArray array)) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof String s)) {
                    return Optional.empty();
                }
                out.add(s);
            }
            return checked(out);
        }

        public Optional<Object> parse(String text) {
            String trimmed = text.trim();
            if (trimmed.startsWith("[")) {
                org.tomlj.TomlParseResult parsed = org.tomlj.Toml.parse("v = " + trimmed);
                return parsed.hasErrors() ? Optional.empty() : fromToml(parsed.get("v"));
            }
            List<String> items = new ArrayList<>();
            for (String item : trimmed.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return checked(items);
        }

        private Optional<Object> checked(List<String> items) {
            if (!allowed.isEmpty() && !allowed.containsAll(items)) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(items));
        }

        public String toToml(Object value) {
            return ((List<?>) value).stream().map(s -> TomlLiterals.string((String) s))
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public String display(Object value) {
            return toToml(value);
        }
    }
}
