package dev.roar.core.config;

import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class TomlFilesTest {
    @Test
    void theTemplateRoarInitWritesDeclaresNoKeys() {
        assertThat(TomlFiles.declaresNoKeys(ConfigTemplate.render())).isTrue();
    }

    @Test
    void aKeyAnArrayOfTablesOrARepeatedHeaderNeedsTheParser() {
        assertThat(TomlFiles.declaresNoKeys("[output]\nquiet = true\n")).isFalse();
        assertThat(TomlFiles.declaresNoKeys("[[jobs]]\n")).isFalse();
        assertThat(TomlFiles.declaresNoKeys("[output]\n# x\n[output]\n")).isFalse();
        assertThat(TomlFiles.declaresNoKeys("[\"quoted key\"]\n")).isFalse();
        assertThat(TomlFiles.declaresNoKeys("[output\n")).isFalse();
    }

    /** Whenever the shortcut says "no keys", the real parser must agree: no error and no value but tables. */
    @Test
    void theShortcutNeverDisagreesWithTomlj() {
        List<String> lines = List.of("", "# comment", "   # indented comment", "[output]", "[ output ]", "[filters]",
                "[a.b]", "[a . b]", "[a]  # trailing comment", "[a]\r", "quiet = true", "[[t]]", "[a", "x", "[\"q\"]", "\t");
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        try {
            for (int round = 0; round < 3000; round++) {
                StringBuilder text = new StringBuilder();
                int n = random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    text.append(lines.get(random.nextInt(lines.size()))).append('\n');
                }
                if (TomlFiles.declaresNoKeys(text.toString())) {
                    TomlParseResult parsed = Toml.parse(text.toString());
                    assertThat(parsed.errors()).as("%s", text).isEmpty();
                    for (String key : parsed.dottedKeySet()) {
                        assertThat(parsed.get(List.of(key.split("\\.")))).as("%s in %s", key, text).isInstanceOf(TomlTable.class);
                    }
                }
            }
        } catch (AssertionError e) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }
}
