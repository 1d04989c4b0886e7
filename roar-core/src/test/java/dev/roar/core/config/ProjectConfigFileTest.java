package dev.roar.core.config;

import dev.roar.core.RoarException;
import dev.roar.core.project.ProjectLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class ProjectConfigFileTest {
    @TempDir
    Path root;
    ProjectLayout layout;
    ProjectConfigFile file;

    @BeforeEach
    void setUp() throws Exception {
        layout = new ProjectLayout(root);
        Files.createDirectories(layout.roarDir());
        Files.writeString(layout.configFile(), ConfigTemplate.render());
        file = new ProjectConfigFile(layout.configFile());
    }

    private ConfigKey key(String name) {
        return ConfigSchema.find(name).orElseThrow();
    }

    @Test
    void setWritesBesideTheCommentedDefaultAndKeepsEveryComment() throws Exception {
        List<String> before = Files.readAllLines(layout.configFile());
        file.set(key("output.quiet"), "true");
        List<String> after = Files.readAllLines(layout.configFile());

        assertThat(after).containsAll(before);
        int commented = after.indexOf("# quiet = false");
        assertThat(after.get(commented + 1)).isEqualTo("quiet = true");
        RoarConfig config = ConfigLoader.load(layout, Map.of());
        assertThat(config.value("output.quiet")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly(true, ".roar/config.toml");
    }

    @Test
    void setTwiceReplacesTheValue() throws Exception {
        file.set(key("tracer.default"), "ptrace");
        file.set(key("tracer.default"), "ebpf");
        assertThat(Files.readAllLines(layout.configFile())).containsOnlyOnce("default = \"ebpf\"").doesNotContain("default = \"ptrace\"");
    }

    @Test
    void setCreatesMissingTablesInAFileWithoutThem() throws Exception {
        Files.writeString(layout.configFile(), "# mine\n");
        file.set(key("registration.omit.env_vars.names"), "A_TOKEN,B_KEY");
        assertThat(Files.readString(layout.configFile())).isEqualTo(
                "# mine\n\n[registration.omit.env_vars]\nnames = [\"A_TOKEN\", \"B_KEY\"]\n");
    }

    @Test
    void wrongTypeIsRefusedAndTheFileIsUnchanged() throws Exception {
        String before = Files.readString(layout.configFile());
        assertThatThrownBy(() -> file.set(key("output.quiet"), "maybe"))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("output.quiet expects a boolean (true or false), got 'maybe'");
        assertThatThrownBy(() -> file.set(key("hash.run"), "sha256,crc32"))
                .isInstanceOf(RoarException.class).hasMessageContaining("values from sha256, sha512, md5");
        assertThat(Files.readString(layout.configFile())).isEqualTo(before);
    }

    @Test
    void aValueWrittenInAShapeTheEditorCannotRewriteIsRefusedNotMangled() throws Exception {
        String text = "[filters]\nignore_paths = [\n  \"a\",\n  \"b\",\n]\n";
        Files.writeString(layout.configFile(), text);
        assertThatThrownBy(() -> file.set(key("filters.ignore_paths"), "c"))
                .isInstanceOf(RoarException.class).hasMessageContaining("filters.ignore_paths is written there in a form")
                .satisfies(e -> assertThat(((RoarException) e).hint()).contains("Edit the file by hand."));
        assertThat(Files.readString(layout.configFile())).isEqualTo(text);
    }

    @Test
    void malformedFileIsNeverRewritten() throws Exception {
        String text = "[output\nquiet = true\n";
        Files.writeString(layout.configFile(), text);
        assertThatThrownBy(() -> file.set(key("output.quiet"), "false"))
                .isInstanceOf(RoarException.class).hasMessageContaining(layout.configFile() + ":1:");
        assertThat(Files.readString(layout.configFile())).isEqualTo(text);
    }

    @Test
    void envSetAndUnsetRoundTripAwkwardValues() throws Exception {
        file.setEnv("DATA_DIR", "/data/with \"quotes\" and \\ back\nslash");
        file.setEnv("EMPTY", "");
        assertThat(ConfigLoader.load(layout, Map.of()).envVariables())
                .containsEntry("DATA_DIR", "/data/with \"quotes\" and \\ back\nslash")
                .containsEntry("EMPTY", "");
        assertThat(file.unsetEnv("DATA_DIR")).isTrue();
        assertThat(file.unsetEnv("DATA_DIR")).isFalse();
        assertThat(ConfigLoader.load(layout, Map.of()).envVariables()).containsOnlyKeys("EMPTY");
        assertThatThrownBy(() -> file.setEnv("1BAD", "x")).isInstanceOf(RoarException.class)
                .hasMessageContaining("not a valid environment variable name");
    }

    /** Random sequences of sets over random keys: the loader always sees the last value written. */
    @Test
    void randomSequencesOfSetsAlwaysReadBackTheLastValue() throws Exception {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        List<ConfigKey> keys = ConfigSchema.keys();
        try {
            for (int round = 0; round < 20; round++) {
                Files.writeString(layout.configFile(), round % 2 == 0 ? ConfigTemplate.render() : "");
                Map<String, Object> expected = new HashMap<>();
                for (int step = 0; step < 15; step++) {
                    ConfigKey key = keys.get(random.nextInt(keys.size()));
                    String text = randomValueText(key.type(), random);
                    Object stored = file.set(key, text);
                    expected.put(key.name(), stored);
                    if (random.nextInt(4) == 0) {
                        String name = "V" + random.nextInt(5);
                        String value = randomString(random);
                        file.setEnv(name, value);
                        expected.put("env." + name, value);
                    }
                }
                RoarConfig config = ConfigLoader.load(layout, Map.of());
                assertThat(config.warnings()).isEmpty();
                expected.forEach((name, value) -> {
                    if (name.startsWith("env.")) {
                        assertThat(config.envVariables().get(name.substring(4))).as(name).isEqualTo(value);
                    } else {
                        assertThat(config.value(name).value()).as(name).isEqualTo(value);
                        assertThat(config.value(name).source()).as(name).isEqualTo(".roar/config.toml");
                    }
                });
            }
        } catch (AssertionError | RuntimeException e) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    private static String randomValueText(ConfigType type, Random random) {
        return switch (type) {
            case ConfigType.Bool b -> random.nextBoolean() ? "true" : "false";
            case ConfigType.Int i -> Long.toString(i.min() + random.nextInt((int) Math.min(1000, i.max() - i.min() + 1)));
            case ConfigType.Decimal d -> Double.toString(d.min() + random.nextDouble() * (d.max() - d.min()));
            case ConfigType.Text t -> randomString(random);
            case ConfigType.Choice c -> c.choices().get(random.nextInt(c.choices().size()));
            case ConfigType.TextList l -> {
                List<String> pool = l.allowed().isEmpty() ? List.of("a", "b/c", "d e", "x_1") : l.allowed();
                StringBuilder out = new StringBuilder();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ",").append(pool.get(random.nextInt(pool.size())));
                }
                yield out.toString();
            }
        };
    }

    private static String randomString(Random random) {
        String alphabet = "abcXYZ 019_-/.\"\\#=[]'é\t";
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
