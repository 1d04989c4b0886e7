package dev.roar.trace;

import dev.roar.trace.Tracer.Check;
import dev.roar.trace.classify.FileFact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `roar tracer check`: a backend's cheap checks, then the real thing: prepare it (load and attach the
 * probes, link the native calls) and trace a command, checking that the trace saw what the command did.
 */
public final class Preflight {
    public record Result(String backend, boolean ok, String summary, List<Check> checks) {
    }

    private Preflight() {
    }

    /**
     * @param command a shell command line to trace (run with /bin/sh -c), or empty to trace a `cat` of
     *                a file this check writes, and require that read to be seen
     */
    public static Result run(Tracer tracer, Optional<String> command, Path workingDirectory, Map<String, String> environment) {
        List<Check> checks = new ArrayList<>(tracer.checks());
        boolean ready = checks.stream().allMatch(Check::ok);
        if (ready) {
            long started = System.nanoTime();
            try {
                tracer.prepare();
                checks.add(Check.pass("start", (tracer instanceof EbpfTracer ? "probes loaded and attached" : "native calls linked")
                        + String.format(" in %.0f ms", (System.nanoTime() - started) / 1e6)));
            } catch (TraceException e) {
                checks.add(Check.fail("start", e.getMessage(), tracer instanceof EbpfTracer
                        ? "run as root, or check 'dmesg' and the kernel's BPF settings" : "check kernel.yama.ptrace_scope and seccomp policies"));
                ready = false;
            }
        }
        if (ready) {
            Check traced = command.isPresent() ? traceCommand(tracer, command.get(), workingDirectory, environment)
                    : traceKnownRead(tracer, environment);
            checks.add(traced);
            ready = traced.ok();
        }
        checks.add(Check.pass("io_uring", "not traced by any backend: file I/O submitted through io_uring is a known blind spot"));
        String summary = ready ? tracer.name() + " is ready"
                : tracer.name() + " is not ready: " + checks.stream().filter(c -> !c.ok()).findFirst().map(Check::detail).orElse("");
        return new Result(tracer.name(), ready, summary, checks);
    }

    private static Check traceKnownRead(Tracer tracer, Map<String, String> environment) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("roar-preflight");
            Path probe = scratch.resolve("probe.txt");
            Files.writeString(probe, "roar preflight\n");
            Path cat = ProgramLocator.locate("cat", scratch, environment.getOrDefault("PATH", "/usr/bin:/bin"))
                    .orElse(Path.of("/bin/cat"));
            TraceRequest request = new TraceRequest(List.of("cat", probe.toString()), cat, scratch, environment,
                    new TraceRequest.Stdio(Optional.empty(), Optional.of(Path.of("/dev/null")), Optional.empty()));
            TraceReport report = tracer.trace(request);
            String probeText = probe.toString();
            boolean seen = report.files().stream().anyMatch(f -> f.read() && f.path().display().equals(probeText));
            String detail = String.format("traced `cat %s`: exit %d, %d events, %d dropped, %.0f ms", probe.getFileName(),
                    report.exitCode(), report.events(), report.eventsDropped(),
                    java.time.Duration.between(report.start(), report.end()).toNanos() / 1e6);
            return seen && report.exitCode() == 0 ? Check.pass("trace", detail)
                    : Check.fail("trace", detail + ", but the read of the file was not seen", "report this: the backend misses reads here");
        } catch (TraceException | IOException e) {
            return Check.fail("trace", "tracing a test command failed: " + e.getMessage(), "see the checks above");
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static Check traceCommand(Tracer tracer, String command, Path workingDirectory, Map<String, String> environment) {
        try {
            TraceRequest request = new TraceRequest(List.of("/bin/sh", "-c", command), Path.of("/bin/sh"), workingDirectory,
                    environment, TraceRequest.Stdio.INHERIT);
            TraceReport report = tracer.trace(request);
            long read = report.files().stream().filter(FileFact::read).count();
            long written = report.files().stream().filter(f -> f.modified() || f.created()).count();
            return Check.pass("trace", String.format("traced `%s`: exit %d, %d processes, %d files read, %d written, %d events, %d dropped",
                    command, report.exitCode(), report.processes().size(), read, written, report.events(), report.eventsDropped()));
        } catch (TraceException e) {
            return Check.fail("trace", "tracing `" + command + "` failed: " + e.getMessage(), "see the checks above");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
