package dev.roar.core.run;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretNamesTest {
    @Test
    void namesThatLookSecretAreSecretWhateverTheirCase() {
        for (String name : new String[]{"GITHUB_TOKEN", "HF_TOKEN_X", "AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "MY_SECRETS",
                "DB_PASSWORD", "pg_password", "OPENAI_API_KEY", "SSH_KEY", "APIKEY", "TOKEN", "db_passwd", "GCP_CREDENTIALS"}) {
            assertThat(SecretNames.isSecret(name)).as(name).isTrue();
        }
        for (String name : new String[]{"PATH", "HOME", "KEYBOARD_LAYOUT", "MONKEY_BUSINESS", "PIPELINE_SEED", "LR"}) {
            assertThat(SecretNames.isSecret(name)).as(name).isFalse();
        }
    }

    @Test
    void redactionKeepsNamesAndOrderAndDropsOnlySecretValues() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEED", "42");
        env.put("WANDB_API_KEY", "abc123");
        env.put("EPOCHS", "3");
        assertThat(SecretNames.redact(env)).containsExactly(Map.entry("SEED", "42"), Map.entry("WANDB_API_KEY", SecretNames.REDACTED),
                Map.entry("EPOCHS", "3"));
    }
}
