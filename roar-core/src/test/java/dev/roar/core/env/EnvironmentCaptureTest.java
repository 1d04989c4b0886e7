package dev.roar.core.env;

import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentCaptureTest {
    @TempDir
    Path dir;

    @Test
    void theInterpreterIsTheLastPythonBinaryRunNotALauncherScript() throws Exception {
        Path shim = Files.writeString(dir.resolve("python3"), "#!/bin/sh\nexec python3.11 \"$@\"\n");
        Path real = Files.copy(Path.of("/bin/true"), dir.resolve("python3.11"));
        Path tool = Files.copy(Path.of("/bin/true"), dir.resolve("pythonic-tool"));
        assertThat(EnvironmentCapture.interpreter(List.of(shim.toString(), real.toString(), tool.toString(), "/bin/sh")))
                .contains(real);
        assertThat(EnvironmentCapture.interpreter(List.of(shim.toString(), "/bin/sh"))).isEmpty();
    }

    @Test
    void theMachineIsProbedOncePerFingerprint() throws Exception {
        Path roarDir = Files.createDirectories(dir.resolve(".roar"));
        EnvironmentCapture capture = new EnvironmentCapture(roarDir, Map.of());
        Map<String, Object> first = capture.runtime(List.<PathBytes>of());
        assertThat(first).containsKeys("hostname", "os", "arch", "cpu", "memory", "container", "vm", "gpus", "cuda", "python");
        assertThat(first.get("python")).isNull();

        Path cache = roarDir.resolve("runtime_cache.json");
        String hostname = String.valueOf(first.get("hostname"));
        Files.writeString(cache, Files.readString(cache).replace("\"hostname\": \"" + hostname + "\"", "\"hostname\": \"from-cache\""));
        assertThat(capture.runtime(List.of())).containsEntry("hostname", "from-cache");

        // Another machine (here: a different fingerprint on record) is probed again.
        Files.writeString(cache, Files.readString(cache).replaceFirst("\"fingerprint\": \"[^\"]*\"", "\"fingerprint\": \"elsewhere\""));
        assertThat(capture.runtime(List.of())).containsEntry("hostname", hostname);
    }

    @Test
    void namesWhatDiffersFromARecordedMachine() throws Exception {
        EnvironmentCapture capture = new EnvironmentCapture(Files.createDirectories(dir.resolve(".roar")), Map.of());
        Map<String, Object> here = capture.runtime(List.of());
        assertThat(capture.differencesFrom(here)).isEmpty();
        Map<String, Object> elsewhere = new java.util.LinkedHashMap<>(here);
        elsewhere.put("arch", "aarch64");
        elsewhere.put("gpus", List.of(Map.of("name", "NVIDIA A100")));
        assertThat(capture.differencesFrom(elsewhere)).containsExactly(
                "architecture: recorded aarch64, here " + here.get("arch"), "GPUs: recorded [NVIDIA A100], here " + here.get("gpus"));
        assertThat(capture.differencesFrom(Map.of())).isEmpty();
    }
}
