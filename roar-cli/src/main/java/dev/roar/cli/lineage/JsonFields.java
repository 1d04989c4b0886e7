package dev.roar.cli.lineage;

import dev.roar.core.lineage.JobFile;
import dev.roar.core.lineage.LineageJob;
import dev.roar.trace.classify.PathBytes;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How lineage appears in --json. A path is its text when it is UTF-8; a name that is not gets its
 * escaped form in "path" and its exact bytes, base64, in "path_b64", so every name round-trips.
 */
final class JsonFields {
    private JsonFields() {
    }

    static void path(Map<String, Object> into, String key, PathBytes path, Workspace ws) {
        into.put(key, ws.show(path));
        if (path.utf8().isEmpty()) {
            into.put(key + "_b64", Base64.getEncoder().encodeToString(ws.relative(path).toByteArray()));
        }
    }

    /** The same, for a path already in its shown (repo-relative, escaped) form, as diffs carry them. */
    static void shownPath(Map<String, Object> into, String key, String shown) {
        into.put(key, shown);
        PathBytes bytes = PathBytes.fromDisplay(shown);
        if (bytes.utf8().isEmpty()) {
            into.put(key + "_b64", Base64.getEncoder().encodeToString(bytes.toByteArray()));
        }
    }

    static Map<String, Object> file(JobFile file, Workspace ws) {
        Map<String, Object> out = new LinkedHashMap<>();
        path(out, "path", file.path(), ws);
        out.put("hash", file.blake3());
        out.put("size", file.size());
        out.put("artifact_id", file.artifactId());
        return out;
    }

    static Map<String, Object> job(LineageJob job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_uid", job.uid());
        out.put("step", job.step().toString());
        out.put("step_number", job.stepNumber());
        out.put("job_type", job.type().id());
        out.put("command", job.command());
        out.put("timestamp", job.timestamp());
        out.put("duration_seconds", job.durationSeconds());
        out.put("exit_code", job.exitCode());
        out.put("git_commit", job.gitCommit());
        out.put("git_branch", job.gitBranch());
        out.put("tracer_backend", job.tracerBackend());
        return out;
    }
}
