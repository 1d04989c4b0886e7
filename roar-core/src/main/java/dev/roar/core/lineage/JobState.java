package dev.roar.core.lineage;

import java.util.Locale;

/**
 * Where a job or artifact stands in its session. Active: the latest and consistent. Stale: an input
 * is no longer what its producer step makes now (or an upstream step is stale). Superseded: a later
 * run of the same step (for jobs) or a later write of the same path (for artifacts) replaced it.
 */
public enum JobState {
    ACTIVE, STALE, SUPERSEDED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
