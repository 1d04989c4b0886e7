package dev.roar.core.json;

import dev.roar.core.testing.Seeded;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {
    @Test
    void stringsAreEscapedOnlyWhereJsonRequires() {
        assertThat(Json.compact("plain path/to file.csv")).isEqualTo("\"plain path/to file.csv\"");
        assertThat(Json.compact("a\"b\\c\nd\re\tf\u0001g")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"");
        assertThat(Json.compact("\"")).isEqualTo("\"\\\"\"");
        assertThat(Json.compact("")).isEqualTo("\"\"");
        assertThat(Json.compact("ünïcödé ✓")).isEqualTo("\"ünïcödé ✓\"");
    }

    @Test
    void indentedOutputNestsTwoSpacesPerLevel() {
        Map<String, Object> doc = Json.object("a", List.of(1L, Json.object("b", true)), "c", Map.of());
        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "a": [
                    1,
                    {
                      "b": true
                    }
                  ],
                  "c": {}
                }""");
    }

    /** Random documents (strings full of characters that need escaping) read back equal, indented or compact. */
    @Test
    void randomDocumentsRoundTripThroughTheReader() {
        Seeded.check(300, random -> {
            Object doc = value(random, 0);
            assertThat(JsonReader.read(Json.write(doc))).isEqualTo(doc);
            assertThat(JsonReader.read(Json.compact(doc))).isEqualTo(doc);
        });
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 6);
        return switch (kind) {
            case 0 -> string(random);
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean();
            case 3 -> null;
            case 4 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(string(random), value(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static final String ALPHABET = "ab/._- \"\\\n\r\t\u0000\u001fé✓";

    private static String string(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
