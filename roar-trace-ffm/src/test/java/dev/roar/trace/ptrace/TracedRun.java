package dev.roar.trace.ptrace;

import dev.roar.trace.ProgramLocator;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.classify.FileFact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Runs a real command under the ptrace backend with its stdio in files, and summarizes verdicts. */
final class TracedRun {
    final TraceReport report;
    final String stdout;
    final String stderr;

    private TracedRun(TraceReport report, String stdout, String stderr) {
        this.report = report;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static TracedRun run(Path dir, String... argv) throws Exception {
        return run(new PtraceBackend(), dir, argv);
    }

    static TracedRun run(PtraceBackend backend, Path dir, String... argv) throws Exception {
        Path out = Files.createTempFile("traced-out", ".txt");
        Path err = Files.createTempFile("traced-err", ".txt");
        try {
            Path executable = ProgramLocator.locate(argv[0], dir, System.getenv("PATH")).orElseThrow();
            TraceRequest request = new TraceRequest(List.of(argv), executable, dir, System.getenv(),
                    new TraceRequest.Stdio(Optional.of(Path.of("/dev/null")), Optional.of(out), Optional.of(err)));
            TraceReport report = backend.trace(request);
            return new TracedRun(report, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Verdicts of paths under {@code dir}, relative to it: "in", "out", "in+out", "deleted". */
    Map<String, String> under(Path dir) {
        Map<String, String> out = new TreeMap<>();
        String prefix = dir.toAbsolutePath() + "/";
        for (FileFact f : report.files()) {
            String path = f.path().display();
            if (!path.startsWith(prefix)) {
                continue;
            }
            String v = f.deletion() ? "deleted" : (f.input() ? "in" : "") + (f.input() && f.output() ? "+" : "") + (f.output() ? "out" : "");
            if (!v.isEmpty()) {
                out.put(path.substring(prefix.length()), v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "exit " + report.exitCode() + " events " + report.events() + "\nstdout: " + stdout + "\nstderr: " + stderr
                + "\nfiles: " + report.files();
    }
}
