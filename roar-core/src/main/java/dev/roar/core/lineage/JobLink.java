package dev.roar.core.lineage;

/** A job that read or wrote an artifact, and the path it used. */
public record JobLink(LineageJob job, JobFile file) {
}
