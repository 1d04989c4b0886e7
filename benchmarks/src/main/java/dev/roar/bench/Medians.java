package dev.roar.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The statistic every harness here reports: this machine is shared and noisy, so one timing means little. */
public final class Medians {
    private Medians() {
    }

    /** The median of {@code values}; NaN when there are none (a mode that never ran). */
    public static double of(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
