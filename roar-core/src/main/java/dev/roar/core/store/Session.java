package dev.roar.core.store;

/** A lineage session: the jobs of one pipeline, numbered as steps. Exactly one is active per store. */
public record Session(long id, String hash, double createdAt, int currentStep, boolean active) {
}
