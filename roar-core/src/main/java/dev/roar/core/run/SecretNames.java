package dev.roar.core.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Environment variables whose names look like they hold secrets: their values are never stored. */
public final class SecretNames {
    public static final String REDACTED = "<redacted>";
    private static final Pattern SECRET = Pattern.compile(
            ".*(_TOKEN|TOKEN_|_SECRET|SECRET_|PASSWORD|PASSWD|_KEY|_KEY_|CREDENTIAL|_AUTH|API_?KEY).*|TOKEN|SECRET|PASSWORD|KEY");

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        return SECRET.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    public static Map<String, String> redact(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, isSecret(k) ? REDACTED : v));
        return out;
    }
}
