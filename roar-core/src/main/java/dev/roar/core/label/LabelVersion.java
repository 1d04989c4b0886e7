package dev.roar.core.label;

import java.util.Map;

/** One version of an entity's labels: the whole label document as of that version. */
public record LabelVersion(int version, Map<String, Object> labels, double createdAt, String writeOrigin) {
}
