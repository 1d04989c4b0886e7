package dev.roar.bench.lineage;

import dev.roar.bench.Medians;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the read-only lineage commands on a large session (default 500 jobs, 50k artifacts) through
 * bin/roar, as a user runs them: each command a fresh JVM, reps interleaved, medians. `roar --version`
 * runs in the same rounds, so the JVM's own start can be subtracted.
 *
 * <p>Usage: benchmarks/lineage [--jobs N] [--outputs-per-job N] [--rerun-every N] [--reps N] [--keep DIR]
 */
public final class LargeSessionHarness {
    private static final Map<String, List<String>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("roar --version", List.of("--version"));
        COMMANDS.put("roar status", List.of("status"));
        COMMANDS.put("roar status --json", List.of("status", "--json"));
        COMMANDS.put("roar dag", List.of("dag", "--no-color"));
        COMMANDS.put("roar dag --json", List.of("dag", "--json"));
        COMMANDS.put("roar dag --stale-only", List.of("dag", "--stale-only", "--no-color"));
        COMMANDS.put("roar dag --show-artifacts", List.of("dag", "--show-artifacts", "--no-color"));
        COMMANDS.put("roar log", List.of("log", "--no-color"));
        // One step of the large session: resolving @N and its state must not read the whole session.
        COMMANDS.put("roar show @2", List.of("show", "@2"));
        COMMANDS.put("roar diff @1 @2", List.of("diff", "@1", "@2"));
    }

    private LargeSessionHarness() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = 500;
        int outputsPerJob = 100;
        int reps = 7;
        int rerunEvery = 25;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--outputs-per-job" -> outputsPerJob = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--rerun-every" -> rerunEvery = Math.max(2, Integer.parseInt(args[++i]));
                case "--keep" -> keep = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: lineage [--jobs N] [--outputs-per-job N] [--rerun-every N] [--reps N] [--keep DIR]");
            }
        }
        Path roar = Path.of(System.getProperty("roar.home", ".")).resolve("bin/roar").toAbsolutePath();
        Path root = keep != null ? keep : Files.createTempDirectory("roar-lineage-bench").resolve("repo");
        long built = System.nanoTime();
        LargeSession session = LargeSession.create(root, jobs, outputsPerJob, rerunEvery, 42);
        System.err.printf(Locale.ROOT, "fixture: %d jobs, %d artifacts in %s (%.1f s to record)%n",
                session.jobs(), session.artifacts(), root, (System.nanoTime() - built) / 1e9);
        // The fixture's 50k files and store are still being written back: timed right away, status measured
        // 1259 ms where the same fixture, settled, took 817 ms.
        new ProcessBuilder("sync").inheritIO().start().waitFor();

        Map<String, List<Double>> times = new LinkedHashMap<>();
        COMMANDS.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int rep = 0; rep < reps; rep++) {
            for (Map.Entry<String, List<String>> command : COMMANDS.entrySet()) {
                times.get(command.getKey()).add(timeMillis(roar, root, command.getValue()));
            }
            System.err.printf(Locale.ROOT, "rep %d/%d done%n", rep + 1, reps);
        }
        double jvm = Medians.of(times.get("roar --version"));
        System.out.printf(Locale.ROOT, "%n%d jobs, %d artifacts, %d reps (medians, each command a fresh JVM)%n",
                session.jobs(), session.artifacts(), reps);
        System.out.printf(Locale.ROOT, "| command | median ms | min ms | max ms | minus `roar --version` ms |%n|---|--:|--:|--:|--:|%n");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            List<Double> sorted = new ArrayList<>(e.getValue());
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "| `%s` | %.0f | %.0f | %.0f | %s |%n", e.getKey(), Medians.of(sorted), sorted.getFirst(),
                    sorted.getLast(), e.getKey().equals("roar --version") ? "" : String.format(Locale.ROOT, "%.0f", Medians.of(sorted) - jvm));
        }
    }

    private static double timeMillis(Path roar, Path root, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(roar.toString());
        argv.addAll(args);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(argv).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes());
        int exit = p.waitFor();
        double ms = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + exit + ": " + err.strip());
        }
        return ms;
    }

}
