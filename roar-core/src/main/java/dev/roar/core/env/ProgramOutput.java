package dev.roar.core.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The output lines of an optional helper program (dpkg, nvidia-smi, systemd-detect-virt). Capture never
 * fails a job: a program that is missing, fails to start or runs past its time gives what it printed, or nothing.
 */
final class ProgramOutput {
    private ProgramOutput() {
    }

    static List<String> lines(List<String> argv, long timeoutSeconds) {
        try {
            Process p = HelperEnvironment.applyTo(new ProcessBuilder(argv)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
