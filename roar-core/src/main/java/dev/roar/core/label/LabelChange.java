package dev.roar.core.label;

/** The outcome of a set/unset/cp: the entity's labels now, and whether a new version was written. */
public record LabelChange(LabelVersion current, boolean changed) {
}
