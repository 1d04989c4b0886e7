package dev.roar.core.label;

/**
 * What labels hang on: a session (the "dag"), a job, or an artifact. {@code name} is how the user
 * sees it in messages (@2, a path, a session hash).
 */
public sealed interface LabelEntity {
    String type();

    String name();

    record Dag(long sessionId, String name) implements LabelEntity {
        public String type() {
            return "dag";
        }
    }

    record Job(long jobId, String name) implements LabelEntity {
        public String type() {
            return "job";
        }
    }

    record Artifact(String artifactId, String name) implements LabelEntity {
        public String type() {
            return "artifact";
        }
    }
}
