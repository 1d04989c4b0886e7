package dev.roar.core.env;

import java.util.Map;

/**
 * The environment roar's helper programs (git, dpkg, the job's Python interpreter, nvidia-smi) run with: the
 * user's. That is this JVM's own, unless the roar daemon serves a client: then the client's, set for the
 * request (the daemon serves one request at a time) so that PATH, HOME, PYTHONPATH or GIT_CONFIG_* are the
 * ones the user's roar would have seen.
 */
public final class HelperEnvironment {
    private static volatile Map<String, String> current;

    private HelperEnvironment() {
    }

    /** From now on helpers get {@code environment}; null: this JVM's own again. */
    public static void use(Map<String, String> environment) {
        current = environment == null ? null : Map.copyOf(environment);
    }

    /** Makes {@code builder} start its program with the client's environment, when one is in use (else its default, this JVM's). */
    public static ProcessBuilder applyTo(ProcessBuilder builder) {
        Map<String, String> environment = current;
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        return builder;
    }
}
