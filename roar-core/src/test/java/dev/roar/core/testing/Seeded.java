package dev.roar.core.testing;

import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.fail;

/**
 * Property tests without a framework: {@code trials} runs of {@code trial} on one generator, seeded from the
 * clock or from -Droar.test.seed, and a failure names the seed that reproduces it.
 */
public final class Seeded {
    private Seeded() {
    }

    public static void check(int trials, Consumer<Random> trial) {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        try {
            Random random = new Random(seed);
            for (int i = 0; i < trials; i++) {
                trial.accept(random);
            }
        } catch (AssertionError | RuntimeException e) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }
}
