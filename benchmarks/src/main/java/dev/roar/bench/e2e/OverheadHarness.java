package dev.roar.bench.e2e;

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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * End-to-end overhead: each workload untraced, under roar (ptrace and eBPF backends, served by the roar
 * daemon as users run it, and "-cold": roar in a JVM of its own, ROAR_DAEMON=0) and under the
 * baseline commands the caller names (--baseline LABEL=COMMAND PREFIX: benchmarks/e2e passes the other
 * tools roar is compared with), interleaved in random order within each repetition so machine noise
 * hits every mode alike. Reports medians and ratios to untraced. roar is reported by its
 * traced phase (ROAR_TIMING trace_ms: the command under the tracer), by that minus its fixed cost
 * (the `true` workload's traced phase), and by its whole wall time (JVM start, git check, hashing and
 * recording included).
 *
 * <p>Usage: OverheadHarness [--reps N] [--json FILE] [--modes LABEL,...] [--workloads a,b] [--baseline LABEL=PREFIX]...
 * In a baseline's prefix, {scratch} stands for a scratch directory the harness owns.
 */
public final class OverheadHarness {
    private static final Pattern TRACE_MS = Pattern.compile("\"trace_ms\":([0-9.]+)");

    /** How a workload is run: as is, under roar with a backend, or behind a baseline command prefix. */
    enum Kind { UNTRACED, ROAR, BASELINE }

    record Mode(String label, Kind kind, List<String> prefix) {
        static final Mode UNTRACED = new Mode("untraced", Kind.UNTRACED, List.of());

        boolean roar() {
            return kind == Kind.ROAR;
        }

        static Mode baseline(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--baseline wants LABEL=COMMAND PREFIX, got: " + spec);
            }
            return new Mode(spec.substring(0, eq), Kind.BASELINE, List.of(spec.substring(eq + 1).trim().split("\\s+")));
        }
    }

    private final Path roar;
    private final Path repo;
    private final Path scratch;
    private final List<Mode> modes;
    private final List<Workload> workloads;
    private final Map<Mode, String> unavailable = new LinkedHashMap<>();
    /** roar's traced phase (ROAR_TIMING trace_ms) per backend and workload, beside its wall times. */
    private final Map<Mode, Map<String, List<Double>>> roarTraced = new LinkedHashMap<>();

    private OverheadHarness(Path roar, Path repo, Path scratch, List<Mode> modes, List<Workload> workloads) {
        this.roar = roar;
        this.repo = repo;
        this.scratch = scratch;
        this.modes = modes;
        this.workloads = workloads;
    }

    private static final String USAGE =
            "usage: benchmarks/e2e [--reps N] [--json FILE] [--modes LABEL,...] [--workloads NAME,...] [--baseline LABEL=PREFIX]...";

    private static List<String> labels(List<Mode> modes) {
        return modes.stream().filter(m -> m != Mode.UNTRACED).map(Mode::label).toList();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usageError(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usageError(option + " takes a positive number, got " + value);
        return 0;
    }

    private static void usageError(String problem) {
        System.err.println("Error: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        int reps = 5;
        Path json = null;
        // ptrace, ebpf: served by the roar daemon, as users run roar; -cold: roar starting a JVM of its own (ROAR_DAEMON=0).
        List<Mode> all = new ArrayList<>(List.of(Mode.UNTRACED, new Mode("ptrace", Kind.ROAR, List.of()),
                new Mode("ebpf", Kind.ROAR, List.of()), new Mode("ptrace-cold", Kind.ROAR, List.of()),
                new Mode("ebpf-cold", Kind.ROAR, List.of())));
        List<String> only = null;
        List<Workload> workloads = Workload.all();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "-h", "--help" -> {
                    System.out.println(USAGE + "\nmodes: " + labels(all) + "\nworkloads: "
                            + Workload.all().stream().map(Workload::name).toList());
                    return;
                }
                case "--reps" -> reps = positive(option, value(args, ++i, option));
                case "--json" -> json = Path.of(value(args, ++i, option));
                case "--modes" -> only = List.of(value(args, ++i, option).split(","));
                case "--baseline" -> all.add(Mode.baseline(value(args, ++i, option)));
                case "--workloads" -> {
                    List<String> names = List.of(value(args, ++i, option).split(","));
                    List<String> known = Workload.all().stream().map(Workload::name).toList();
                    names.stream().filter(n -> !known.contains(n)).findFirst()
                            .ifPresent(n -> usageError("unknown workload " + n + " (workloads: " + known + ")"));
                    workloads = Workload.all().stream().filter(w -> w.name().equals("true") || names.contains(w.name())).toList();
                }
                default -> usageError("unknown option " + option);
            }
        }
        if (only != null) {
            List<String> known = labels(all);
            only.stream().filter(m -> !known.contains(m)).findFirst()
                    .ifPresent(m -> usageError("unknown mode " + m + " (modes: " + known + ")"));
        }
        List<String> names = only;
        List<Mode> modes = all.stream().filter(m -> m == Mode.UNTRACED || names == null || names.contains(m.label())).toList();
        Path home = Path.of(System.getProperty("roar.home", ".")).toAbsolutePath().normalize();
        Path scratch = Files.createTempDirectory("roar-e2e");
        OverheadHarness harness = new OverheadHarness(home.resolve("bin/roar"), scratch.resolve("repo"), scratch, modes, workloads);
        try {
            harness.prepare();
            Map<String, Map<Mode, List<Double>>> samples = harness.measure(reps);
            Map<String, Map<String, Double>> medians = harness.report(samples, reps);
            if (json != null) {
                Files.writeString(json, toJson(medians));
            }
        } finally {
            harness.stopDaemon();
            // The workloads leave ~270 MB there (the 256 MiB file, reprozip's traces): 26 runs had left 7 GB in /tmp.
            sh(Path.of("/"), "rm -rf '" + scratch + "'");
        }
    }

    private void prepare() throws Exception {
        Files.createDirectories(repo.resolve("src"));
        for (int i = 1; i <= 5; i++) {
            Files.writeString(repo.resolve("src/f" + i + ".c"), """
                    #include <stdio.h>
                    #include <stdlib.h>
                    #include <string.h>
                    int f%d(int n) { char b[64]; snprintf(b, sizeof b, "%%d", n); return (int) strlen(b) + atoi(b); }
                    """.formatted(i));
        }
        Files.writeString(repo.resolve(".gitignore"), "work/\n.roar/\n");
        sh(repo, "git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@localhost commit -q -m bench");
        sh(repo, roar + " init -n > /dev/null");
        for (Mode mode : modes) {
            if (mode.kind() == Kind.BASELINE && !onPath(mode.prefix().getFirst())) {
                unavailable.put(mode, mode.prefix().getFirst() + " is not on PATH");
            }
        }
        if (modes.stream().anyMatch(m -> m.roar() && !m.label().endsWith("-cold"))) {
            startDaemon();
        }
    }

    private Path daemonDir() {
        return scratch.resolve("daemon");
    }

    /** The roar daemon the served modes use: its own, started by a first command, up for the whole run. */
    private void startDaemon() throws Exception {
        ProcessBuilder first = new ProcessBuilder(roar.toString(), "status").directory(repo.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        first.environment().putAll(Map.of("ROAR_DAEMON", "1", "ROAR_DAEMON_DIR", daemonDir().toString(), "ROAR_DAEMON_IDLE", "3600"));
        first.start().waitFor();
        Path state = daemonDir().resolve("daemon");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(state) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!Files.exists(state)) {
            throw new IllegalStateException("the roar daemon did not start (see " + daemonDir().resolve("daemon.log") + ")");
        }
    }

    private void stopDaemon() throws IOException {
        Path state = daemonDir().resolve("daemon");
        if (Files.exists(state)) {
            long pid = Long.parseLong(Files.readString(state).strip().split(" ")[2]);
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    private Map<String, Map<Mode, List<Double>>> measure(int reps) throws Exception {
        Map<String, Map<Mode, List<Double>>> samples = new LinkedHashMap<>();
        Random random = new Random(42);
        // Warm the page cache and the filesystem once per workload so the first mode is not penalized, and the
        // daemon's code (a user's daemon has served commands before: one started for a timed run has not).
        for (Workload w : workloads) {
            time(w, Mode.UNTRACED);
            for (Mode mode : modes) {
                if (mode.roar() && !mode.label().endsWith("-cold")) {
                    time(w, mode);
                }
            }
        }
        for (int rep = 0; rep < reps; rep++) {
            for (Workload w : workloads) {
                List<Mode> order = new ArrayList<>(modes);
                order.removeAll(unavailable.keySet());
                Collections.shuffle(order, random);
                for (Mode mode : order) {
                    double[] t = time(w, mode);
                    samples.computeIfAbsent(w.name(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, k -> new ArrayList<>()).add(t[0]);
                    if (mode.roar()) {
                        roarTraced.computeIfAbsent(mode, k -> new LinkedHashMap<>())
                                .computeIfAbsent(w.name(), k -> new ArrayList<>()).add(t[1]);
                    }
                }
            }
            System.err.printf(Locale.ROOT, "rep %d/%d done%n", rep + 1, reps);
        }
        return samples;
    }

    /** [wall ms, roar's traced-phase ms (roar modes only)] */
    private double[] time(Workload w, Mode mode) throws Exception {
        sh(repo, "rm -rf work && sync");
        List<String> command = new ArrayList<>();
        switch (mode.kind()) {
            case UNTRACED -> {
            }
            case ROAR -> command.addAll(List.of(roar.toString(), "run", "-q", "--tracer", mode.label().replace("-cold", "")));
            case BASELINE -> mode.prefix().forEach(word -> command.add(word.replace("{scratch}", scratch.toString())));
        }
        command.addAll(w.argv());
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false);
        builder.environment().put("ROAR_TIMING", "1");
        if (mode.label().endsWith("-cold")) {
            builder.environment().put("ROAR_DAEMON", "0");
        } else {
            builder.environment().putAll(Map.of("ROAR_DAEMON", "require", "ROAR_DAEMON_DIR", daemonDir().toString()));
        }
        Path err = scratch.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        Set<Long> before = livePids();
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(w.name() + " under " + mode.label() + " timed out");
        }
        double wall = (System.nanoTime() - start) / 1e6;
        awaitLeftovers(before);
        String stderr = Files.readString(err);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(w.name() + " under " + mode.label() + " exited " + process.exitValue() + ": " + stderr);
        }
        double traced = Double.NaN;
        if (mode.roar()) {
            Matcher m = TRACE_MS.matcher(stderr);
            traced = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        }
        return new double[] {wall, traced};
    }

    private Map<String, Map<String, Double>> report(Map<String, Map<Mode, List<Double>>> samples, int reps) {
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        List<Mode> shown = modes.stream().filter(m -> m != Mode.UNTRACED && !unavailable.containsKey(m)).toList();
        Map<Mode, Double> fixed = new LinkedHashMap<>();
        double untracedTrue = Medians.of(samples.get("true").get(Mode.UNTRACED));
        for (Mode mode : shown) {
            if (mode.roar()) {
                fixed.put(mode, Medians.of(roarTraced.get(mode).get("true")) - untracedTrue);
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians of %d interleaved runs; ratios to untraced%n", reps);
        fixed.forEach((mode, ms) -> System.out.printf(Locale.ROOT,
                "roar %s fixed cost inside the traced phase (the true row): %.1f ms ('-fixed' columns subtract it)%n", mode.label(), ms));
        StringBuilder header = new StringBuilder("| workload | untraced ms |");
        StringBuilder rule = new StringBuilder("|---|--:|");
        for (Mode mode : shown) {
            if (mode.roar()) {
                header.append(" roar ").append(mode.label()).append(" | -fixed | wall |");
                rule.append("--:|--:|--:|");
            } else {
                header.append(' ').append(mode.label()).append(" |");
                rule.append("--:|");
            }
        }
        System.out.println();
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, Map<Mode, List<Double>>> e : samples.entrySet()) {
            Map<Mode, List<Double>> s = e.getValue();
            double untraced = Medians.of(s.get(Mode.UNTRACED));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f |", e.getKey(), untraced));
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("untraced_ms", untraced);
            for (Mode mode : shown) {
                double wall = Medians.of(s.get(mode));
                if (mode.roar()) {
                    double traced = Medians.of(roarTraced.get(mode).get(e.getKey()));
                    line.append(String.format(Locale.ROOT, " %.2fx | %.2fx | %.2fx |", traced / untraced,
                            (traced - fixed.get(mode)) / untraced, wall / untraced));
                    row.put("roar_" + mode.label() + "_traced_ms", traced);
                    row.put("roar_" + mode.label() + "_fixed_ms", fixed.get(mode));
                    row.put("roar_" + mode.label() + "_wall_ms", wall);
                } else {
                    line.append(' ').append(ratio(wall, untraced)).append(" |");
                    row.put(mode.label() + "_ms", wall);
                }
            }
            System.out.println(line);
            medians.put(e.getKey(), row);
        }
        pairedRatios(samples, shown, fixed, medians);
        unavailable.forEach((mode, why) -> System.out.println("\n" + mode.label() + ": " + why));
        return medians;
    }

    /**
     * The median of each round's own ratio: a run against the untraced run of the same round, made seconds
     * apart. This VM's speed drifts by a third within minutes, which a ratio of medians taken over the whole
     * run absorbs unevenly; within a round the drift mostly cancels. Also in the JSON, as {@code *_paired_ratio}.
     */
    private void pairedRatios(Map<String, Map<Mode, List<Double>>> samples, List<Mode> shown, Map<Mode, Double> fixed,
                              Map<String, Map<String, Double>> medians) {
        System.out.printf(Locale.ROOT, "%nmedians of each round's ratio to the untraced run of the same round%n%n");
        StringBuilder header = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Mode mode : shown) {
            header.append(mode.roar() ? " roar " + mode.label() + " | -fixed |" : " " + mode.label() + " |");
            rule.append(mode.roar() ? "--:|--:|" : "--:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, Map<Mode, List<Double>>> e : samples.entrySet()) {
            List<Double> untraced = e.getValue().get(Mode.UNTRACED);
            StringBuilder line = new StringBuilder("| " + e.getKey() + " |");
            for (Mode mode : shown) {
                List<Double> runs = mode.roar() ? roarTraced.get(mode).get(e.getKey()) : e.getValue().get(mode);
                List<Double> ratios = new ArrayList<>();
                List<Double> lessFixed = new ArrayList<>();
                for (int i = 0; i < Math.min(runs.size(), untraced.size()); i++) {
                    ratios.add(runs.get(i) / untraced.get(i));
                    if (mode.roar()) {
                        lessFixed.add((runs.get(i) - fixed.get(mode)) / untraced.get(i));
                    }
                }
                double ratio = Medians.of(ratios);
                String key = (mode.roar() ? "roar_" : "") + mode.label() + "_paired_ratio";
                medians.get(e.getKey()).put(key, ratio);
                line.append(String.format(Locale.ROOT, " %.2fx |", ratio));
                if (mode.roar()) {
                    line.append(String.format(Locale.ROOT, " %.2fx |", Medians.of(lessFixed)));
                }
            }
            System.out.println(line);
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double v, double base) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v / base);
    }


    private static String toJson(Map<String, Map<String, Double>> medians) {
        StringBuilder out = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, Map<String, Double>> e : medians.entrySet()) {
            out.append(i++ > 0 ? "," : "").append('"').append(e.getKey()).append("\":{");
            int j = 0;
            for (Map.Entry<String, Double> v : e.getValue().entrySet()) {
                out.append(j++ > 0 ? "," : "").append('"').append(v.getKey()).append("\":")
                        .append(Double.isNaN(v.getValue()) ? "null" : String.format(Locale.ROOT, "%.2f", v.getValue()));
            }
            out.append('}');
        }
        return out.append("}\n").toString();
    }

    private static boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    private static Set<Long> livePids() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * Waits (up to 20 s) for the processes a run started and left behind: the next run must not share the
     * machine with them. roar's eBPF backend leaves one on purpose (the helper whose exit detaches the probes,
     * a second or two of RCU waits during which every syscall on the machine still runs through them);
     * without this wait the next run, whatever its mode, paid for it (dd under ptrace measured up to 1.6x).
     */
    private static void awaitLeftovers(Set<Long> before) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // Kernel threads (no command) come and go on their own: only user processes count.
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
                .anyMatch(p -> !before.contains(p.pid()) && p.pid() != self && p.info().command().isPresent())) {
            Thread.sleep(20);
        }
    }

    private static void sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + script);
        }
    }
}
