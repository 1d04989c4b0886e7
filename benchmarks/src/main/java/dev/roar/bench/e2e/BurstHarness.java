package dev.roar.bench.e2e;

import dev.roar.bench.Medians;
import dev.roar.trace.EbpfTracer;
import dev.roar.trace.PtraceTracer;
import dev.roar.trace.TraceReport;
import dev.roar.trace.TraceRequest;
import dev.roar.trace.Tracer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Burst benchmark: N processes make 1M file events in total (burst.c, compiled with gcc here) under
 * the eBPF tracer; reports the events the consumer drained per second of traced time and how many
 * the kernel dropped. The untraced run of the same program is the producers' own speed.
 *
 * <p>Usage: benchmarks/burst [--processes N] [--events N] [--reps N] [--tracer ebpf|ptrace]
 */
public final class BurstHarness {
    private BurstHarness() {
    }

    public static void main(String[] args) throws Exception {
        int processes = 4;
        long events = 1_000_000;
        int reps = 5;
        String backend = "ebpf";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--tracer" -> backend = args[++i];
                default -> throw new IllegalArgumentException("usage: burst [--processes N] [--events N] [--reps N] [--tracer ebpf|ptrace]");
            }
        }
        Path dir = Files.createTempDirectory("roar-burst");
        Path binary = compile(dir);
        List<String> argv = List.of(binary.toString(), Integer.toString(processes), Long.toString(events));
        List<Double> untraced = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> traced = new ArrayList<>();
        List<Double> capacity = new ArrayList<>();
        long dropped = 0;
        long drained = 0;
        for (int rep = 0; rep < reps; rep++) {
            long start = System.nanoTime();
            Process plain = new ProcessBuilder(argv).inheritIO().start();
            plain.waitFor();
            untraced.add((System.nanoTime() - start) / 1e6);
            Tracer tracer = backend.equals("ptrace") ? new PtraceTracer() : new EbpfTracer();
            tracer.prepare();
            TraceReport report = tracer.trace(new TraceRequest(argv, binary, dir, Map.of("PATH", "/usr/bin:/bin"),
                    new TraceRequest.Stdio(Optional.empty(), Optional.empty(), Optional.empty())));
            double ms = Duration.between(report.start(), report.end()).toNanos() / 1e6;
            traced.add(ms);
            rates.add(report.events() / (ms / 1000));
            capacity.add(report.events() / (report.consumerNanos() / 1e9));
            dropped += report.eventsDropped();
            drained = report.events();
            System.err.printf(Locale.ROOT, "rep %d: %d events drained in %.0f ms (%.2f M/s), consumer busy %.0f ms, %d dropped%n",
                    rep + 1, report.events(), ms, report.events() / ms / 1000, report.consumerNanos() / 1e6, report.eventsDropped());
        }
        System.out.printf(Locale.ROOT, "%n%s burst, %d processes, %d events asked, %d reps (medians)%n", backend, processes, events, reps);
        System.out.printf(Locale.ROOT, "| untraced ms | traced ms | events drained | drained M events/s (traced time) | consumer M events/s (its busy time) | dropped (all reps) |%n");
        System.out.printf(Locale.ROOT, "|--:|--:|--:|--:|--:|--:|%n");
        System.out.printf(Locale.ROOT, "| %.0f | %.0f | %d | %.2f | %.2f | %d |%n", Medians.of(untraced), Medians.of(traced), drained,
                Medians.of(rates) / 1e6, Medians.of(capacity) / 1e6, dropped);
    }

    private static Path compile(Path dir) throws Exception {
        Path source = dir.resolve("burst.c");
        try (InputStream in = BurstHarness.class.getResourceAsStream("burst.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("burst");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString()).inheritIO().start();
        if (gcc.waitFor() != 0) {
            throw new IllegalStateException("gcc could not compile the burst workload");
        }
        return binary;
    }

}
