package dev.roar.cli.run;

import dev.roar.core.json.Json;
import dev.roar.core.run.RunResult;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ROAR_TIMING=1: one machine-readable line of phase timings, for the overhead harness. startup is
 * from the JVM's start to the trace's; trace is the traced command's wall time; post is filtering,
 * hashing and recording.
 */
final class Timing {
    private Timing() {
    }

    static String json(RunResult result) {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(result.trace().start());
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("startup_ms", Duration.between(jvmStart, result.trace().start()).toMillis());
        timing.put("trace_ms", result.traceTime().toNanos() / 1e6);
        timing.put("post_ms", result.postTime().toNanos() / 1e6);
        timing.put("capture_ms", result.captureTime().toNanos() / 1e6);
        timing.put("events", result.trace().events());
        return Json.compact(timing);
    }
}
