package dev.roar.core.config;

import dev.roar.core.RoarException;
import dev.roar.core.project.ProjectLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path root;
    ProjectLayout layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = new ProjectLayout(root);
        Files.createDirectories(layout.roarDir());
    }

    @Test
    void withNoFilesEveryKeyHasItsDefault() {
        RoarConfig config = ConfigLoader.load(layout, Map.of());
        assertThat(config.values()).hasSize(ConfigSchema.keys().size());
        assertThat(config.values().values()).allSatisfy(v -> assertThat(v.source()).isEqualTo("default"));
        assertThat(config.text("tracer.default")).isEqualTo("auto");
        assertThat(config.textList("hash.get")).containsExactly("sha256");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void theInitTemplateOverridesNothing() throws Exception {
        Files.writeString(layout.configFile(), ConfigTemplate.render());
        RoarConfig config = ConfigLoader.load(layout, Map.of());
        assertThat(config.values().values()).allSatisfy(v -> assertThat(v.source()).isEqualTo("default"));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void layersApplyInOrderAndNameTheirSource() throws Exception {
        Files.writeString(layout.sharedConfigFile(), """
                [output]
                quiet = true
                verbosity = "verbose"
                [tracer]
                default = "ptrace"
                [filters]
                ignore_paths = ["data/raw"]
                """);
        Files.writeString(layout.configFile(), """
                [output]
                verbosity = "debug"
                [tracer]
                default = "ebpf"
                """);
        RoarConfig config = ConfigLoader.load(layout, Map.of("ROAR_TRACER__DEFAULT", "auto"));

        assertThat(config.value("output.quiet")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly(true, ".roarconfig");
        assertThat(config.value("output.verbosity")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("debug", ".roar/config.toml");
        assertThat(config.value("tracer.default")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("auto", "ROAR_TRACER__DEFAULT");
        assertThat(config.textList("filters.ignore_paths")).containsExactly("data/raw");
        assertThat(config.value("hints.enabled").source()).isEqualTo("default");
    }

    @Test
    void nestedSectionsAndLegacyVariablesResolve() throws Exception {
        Files.writeString(layout.configFile(), """
                [registration.omit.env_vars]
                names = ["MY_TOKEN"]
                """);
        RoarConfig config = ConfigLoader.load(layout, Map.of("GLAAS_URL", "http://127.0.0.1:9", "ROAR_SSH_KEY", "/k"));
        assertThat(config.textList("registration.omit.env_vars.names")).containsExactly("MY_TOKEN");
        assertThat(config.value("glaas.url")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("http://127.0.0.1:9", "GLAAS_URL");
        assertThat(config.text("glaas.key")).isEqualTo("/k");

        RoarConfig canonicalWins = ConfigLoader.load(layout, Map.of("GLAAS_URL", "http://a", "ROAR_GLAAS__URL", "http://b"));
        assertThat(canonicalWins.text("glaas.url")).isEqualTo("http://b");
    }

    @Test
    void malformedTomlNamesFileLineAndColumn() throws Exception {
        Files.writeString(layout.configFile(), """
                [output]
                quiet = true
                verbosity = "normal
                """);
        assertThatThrownBy(() -> ConfigLoader.load(layout, Map.of()))
                .isInstanceOf(RoarException.class)
                .hasMessageStartingWith(layout.configFile() + ":3:")
                .hasMessageContaining("invalid TOML");
    }

    @Test
    void valueOfTheWrongTypeNamesFileKeyAndExpectedType() throws Exception {
        Files.writeString(layout.sharedConfigFile(), """
                [output]

                quiet = "yes"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(layout, Map.of()))
                .isInstanceOf(RoarException.class)
                .hasMessageStartingWith(layout.sharedConfigFile() + ":3:")
                .hasMessageContaining("output.quiet must be a boolean (true or false)")
                .hasMessageContaining("the string \"yes\"");
    }

    @Test
    void choiceOutsideItsSetIsAnError() throws Exception {
        Files.writeString(layout.configFile(), "[tracer]\ndefault = \"strace\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(layout, Map.of()))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("tracer.default must be one of auto, ebpf, ptrace");
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(layout, Map.of("ROAR_OUTPUT__QUIET", "maybe")))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("ROAR_OUTPUT__QUIET=maybe")
                .hasMessageContaining("boolean");
    }

    @Test
    void unknownKeysAreWarnedAboutWithASuggestion() throws Exception {
        Files.writeString(layout.configFile(), "[output]\nquite = true\n[env]\nANYTHING = \"goes\"\n");
        RoarConfig config = ConfigLoader.load(layout, Map.of());
        assertThat(config.warnings()).singleElement().asString()
                .contains("unknown key output.quite").contains("did you mean output.quiet?");
        assertThat(config.bool("output.quiet")).isFalse();
    }

    @Test
    void envTablesLayerWithProjectOverShared() throws Exception {
        Files.writeString(layout.sharedConfigFile(), "[env]\nA = \"shared\"\nB = \"shared\"\n");
        Files.writeString(layout.configFile(), "[env]\nB = \"project\"\nC = 3\n");
        RoarConfig config = ConfigLoader.load(layout, Map.of());
        assertThat(config.envVariables()).containsExactlyEntriesOf(
                new java.util.LinkedHashMap<>(Map.of("A", "shared")) {{ put("B", "project"); put("C", "3"); }});
        assertThat(config.env()).extracting(EnvEntry::source).containsExactly(".roarconfig", ".roar/config.toml", ".roar/config.toml");
    }

    @Test
    void listValuesAreCheckedItemByItem() throws Exception {
        Files.writeString(layout.configFile(), "[hash]\nrun = [\"sha256\", \"crc32\"]\n");
        assertThatThrownBy(() -> ConfigLoader.load(layout, Map.of()))
                .isInstanceOf(RoarException.class)
                .hasMessageContaining("hash.run must be a list of values from sha256, sha512, md5");
        assertThat(new ConfigType.TextList(List.of("sha256", "md5")).parse("sha256, md5")).contains(List.of("sha256", "md5"));
    }
}
