package dev.roar.core.config;

import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSchemaTest {
    @Test
    void everyDefaultRoundTripsThroughItsTomlLiteral() {
        for (ConfigKey key : ConfigSchema.keys()) {
            TomlParseResult parsed = Toml.parse("v = " + key.type().toToml(key.defaultValue()));
            assertThat(parsed.errors()).as(key.name()).isEmpty();
            assertThat(key.type().fromToml(parsed.get("v"))).as(key.name()).contains(key.defaultValue());
        }
    }

    @Test
    void everyDefaultParsesFromHowItIsDisplayed() {
        for (ConfigKey key : ConfigSchema.keys()) {
            assertThat(key.type().parse(key.type().display(key.defaultValue()))).as(key.name()).contains(key.defaultValue());
        }
    }

    @Test
    void environmentVariableNamesFollowTheDoubleUnderscoreRule() {
        assertThat(ConfigSchema.find("output.quiet").orElseThrow().environmentVariable()).isEqualTo("ROAR_OUTPUT__QUIET");
        assertThat(ConfigSchema.find("registration.omit.env_vars.names").orElseThrow().environmentVariable())
                .isEqualTo("ROAR_REGISTRATION__OMIT__ENV_VARS__NAMES");
    }

    @Test
    void typosFindTheKeyMeantAndNonsenseFindsNothing() {
        assertThat(ConfigSchema.closest("output.quite")).get().extracting(ConfigKey::name).isEqualTo("output.quiet");
        assertThat(ConfigSchema.closest("tracer.defualt")).get().extracting(ConfigKey::name).isEqualTo("tracer.default");
        assertThat(ConfigSchema.closest("zzzzzzzzzz")).isEmpty();
    }
}
