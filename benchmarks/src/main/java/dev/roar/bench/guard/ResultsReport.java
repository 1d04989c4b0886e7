package dev.roar.bench.guard;

import dev.roar.core.json.Json;
import dev.roar.core.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins one guard run's results (the end-to-end harness, the JMH suite, file hashing) into results.md and
 * results.json, and with {@code --against} an earlier results.json, lists every number that got worse by
 * more than the tolerance and exits 1 when there is one.
 * Usage: ResultsReport --e2e FILE --jmh FILE[,FILE...] [--hash FILE] --out DIR [--against FILE] [--tolerance 0.15]
 */
public final class ResultsReport {
    private ResultsReport() {
    }

    /** One comparable number: lower is better unless {@code higherIsBetter}. */
    record Metric(String name, double value, boolean higherIsBetter) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path out = Path.of(options.getOrDefault("--out", "."));
        Map<String, Object> e2e = read(options.get("--e2e"));
        List<Object> jmh = jmhResults(options.getOrDefault("--jmh", ""));
        Map<String, Object> hash = read(options.get("--hash"));

        Map<String, Object> results = Json.object("date", LocalDate.now().toString(), "machine", machine(),
                "e2e", e2e, "jmh", jmhRows(jmh), "hash", hash);
        List<Metric> metrics = metrics(results);
        StringBuilder md = new StringBuilder();
        md.append("# roar benchmark results, ").append(results.get("date")).append("\n\n").append(results.get("machine")).append("\n\n");
        e2eTable(e2e, md);
        jmhTable(jmhRows(jmh), md);
        hashTable(hash, md);
        int regressions = 0;
        if (options.containsKey("--against")) {
            double tolerance = Double.parseDouble(options.getOrDefault("--tolerance", "0.15"));
            Map<String, Object> before = read(options.get("--against"));
            regressions = compare(metrics(before), metrics, tolerance, md, options.get("--against"));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), Json.write(results) + "\n");
        Files.writeString(out.resolve("results.md"), md.toString());
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("results.md") + ", " + out.resolve("results.json"));
        System.exit(regressions > 0 ? 1 : 0);
    }

    private static Map<String, Object> read(String file) throws IOException {
        if (file == null || !Files.exists(Path.of(file))) {
            return new LinkedHashMap<>();
        }
        return JsonReader.object(Files.readString(Path.of(file)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        return String.format(Locale.ROOT, "%s, %d CPUs, kernel %s, Java %s", cpu, Runtime.getRuntime().availableProcessors(),
                kernel, System.getProperty("java.version"));
    }

    /**
     * JMH's JSON reduced to what the table and the comparison need. The score kept is the median of every
     * measured iteration of every fork, with their range: this VM has a slow state (a vCPU at times runs the
     * ring's loop at little over half speed for seconds on end) that drags JMH's mean and error bar around,
     * where the median moves only when most iterations land in it.
     */
    /** The benchmarks of every JMH result file named (comma-separated); a file that is missing adds none. */
    static List<Object> jmhResults(String files) throws IOException {
        List<Object> all = new ArrayList<>();
        for (String file : files.split(",")) {
            if (!file.isEmpty() && Files.exists(Path.of(file))) {
                all.addAll(asList(JsonReader.read(Files.readString(Path.of(file)))));
            }
        }
        return all;
    }

    static List<Object> jmhRows(List<Object> jmh) {
        List<Object> rows = new ArrayList<>();
        for (Object o : jmh) {
            Map<String, Object> run = asMap(o);
            if (run.containsKey("primaryMetric")) {
                Map<String, Object> primary = asMap(run.get("primaryMetric"));
                String benchmark = String.valueOf(run.get("benchmark")).replace("dev.roar.bench.", "");
                Map<String, Object> secondary = asMap(run.get("secondaryMetrics"));
                Object alloc = asMap(secondary.get("gc.alloc.rate.norm")).get("score");
                List<Double> iterations = new ArrayList<>();
                asList(primary.get("rawData")).forEach(fork -> asList(fork).forEach(v -> iterations.add(number(v))));
                iterations.sort(null);
                Map<String, Object> row = Json.object("benchmark", benchmark, "params", asMap(run.get("params")),
                        "score", iterations.isEmpty() ? primary.get("score") : median(iterations), "mean", primary.get("score"),
                        "error", primary.get("scoreError"), "unit", primary.get("scoreUnit"), "alloc_bytes_per_op", alloc);
                if (!iterations.isEmpty()) {
                    row.put("min", iterations.getFirst());
                    row.put("max", iterations.getLast());
                    row.put("iterations", iterations.size());
                }
                rows.add(row);
            } else {
                rows.add(run);
            }
        }
        return rows;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The e2e harness's columns, read from its JSON rather than named here: roar's backends as
     * {@code roar_<backend>_traced_ms} / {@code _wall_ms}, and each baseline the e2e script defines as
     * {@code <label>_ms}.
     */
    private static List<String> columns(Map<String, Object> e2e) {
        List<String> columns = new ArrayList<>();
        for (Object value : e2e.values()) {
            for (String key : asMap(value).keySet()) {
                String column = key.startsWith("roar_") && key.endsWith("_traced_ms") ? key.substring(0, key.length() - "_traced_ms".length())
                        : !key.startsWith("roar_") && !key.equals("untraced_ms") && key.endsWith("_ms") ? key.substring(0, key.length() - 3)
                        : null;
                if (column != null && !columns.contains(column)) {
                    columns.add(column);
                }
            }
        }
        return columns;
    }

    private static void e2eTable(Map<String, Object> e2e, StringBuilder md) {
        if (e2e.isEmpty()) {
            return;
        }
        List<String> columns = columns(e2e);
        md.append("## End to end (medians; ratios to untraced; roar columns: the traced phase, then all of `roar run`)\n\n");
        StringBuilder header = new StringBuilder("| workload | untraced ms |");
        StringBuilder rule = new StringBuilder("|---|--:|");
        for (String column : columns) {
            boolean roar = column.startsWith("roar_");
            header.append(' ').append(column.replace('_', '-')).append(roar ? " | (wall) |" : " |");
            rule.append(roar ? "--:|--:|" : "--:|");
        }
        md.append(header).append('\n').append(rule).append('\n');
        e2e.forEach((workload, value) -> {
            Map<String, Object> row = asMap(value);
            double untraced = number(row.get("untraced_ms"));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f |", workload, untraced));
            for (String column : columns) {
                if (column.startsWith("roar_")) {
                    line.append(' ').append(ratio(row.get(column + "_traced_ms"), untraced)).append(" | ")
                            .append(ratio(row.get(column + "_wall_ms"), untraced)).append(" |");
                } else {
                    line.append(' ').append(ratio(row.get(column + "_ms"), untraced)).append(" |");
                }
            }
            md.append(line).append('\n');
        });
        md.append('\n');
    }

    private static String ratio(Object ms, double untraced) {
        double v = number(ms);
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v / untraced);
    }

    private static void jmhTable(List<Object> rows, StringBuilder md) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## JMH (median of all forks' iterations, their range)\n\n"
                + "| benchmark | params | median | min - max | iterations | unit | bytes allocated per op |\n|---|---|--:|--:|--:|---|--:|\n");
        for (Object o : rows) {
            Map<String, Object> row = asMap(o);
            double alloc = number(row.get("alloc_bytes_per_op"));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s - %s | %s | %s | %s |\n", row.get("benchmark"), params(row),
                    significant(number(row.get("score"))), significant(number(row.get("min"))), significant(number(row.get("max"))),
                    row.containsKey("iterations") ? row.get("iterations") : "", row.get("unit"),
                    Double.isNaN(alloc) ? "" : String.format(Locale.ROOT, "%.1f", alloc)));
        }
        md.append('\n');
    }

    private static String params(Map<String, Object> row) {
        StringBuilder s = new StringBuilder();
        asMap(row.get("params")).forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    private static String significant(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static void hashTable(Map<String, Object> hash, StringBuilder md) {
        if (hash.isEmpty()) {
            return;
        }
        md.append("## BLAKE3 of a ").append(hash.get("size_mib")).append(" MiB file (GiB/s, medians)\n\n");
        md.append("| threads | b3sum | roar | roar / b3sum |\n|--:|--:|--:|--:|\n");
        asMap(hash.get("threads")).forEach((threads, value) -> {
            Map<String, Object> row = asMap(value);
            double b = number(row.get("b3sum_gib_s"));
            double r = number(row.get("roar_gib_s"));
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f%% |\n", threads, b, r, 100 * r / b));
        });
        md.append('\n');
    }

    /** Every number the guard compares between runs, named stably. */
    static List<Metric> metrics(Map<String, Object> results) {
        List<Metric> metrics = new ArrayList<>();
        Map<String, Object> e2e = asMap(results.get("e2e"));
        List<String> roarColumns = columns(e2e).stream().filter(c -> c.startsWith("roar_")).toList();
        e2e.forEach((workload, value) -> {
            Map<String, Object> row = asMap(value);
            double untraced = number(row.get("untraced_ms"));
            for (String column : roarColumns) {
                double v = number(row.get(column + "_traced_ms"));
                if (!Double.isNaN(v) && untraced > 0) {
                    metrics.add(new Metric("e2e " + workload + " " + column + " (ratio)", v / untraced, false));
                }
            }
        });
        for (Object o : asList(results.get("jmh"))) {
            Map<String, Object> row = asMap(o);
            String unit = String.valueOf(row.get("unit"));
            metrics.add(new Metric("jmh " + row.get("benchmark") + " " + params(row) + " (" + unit + ")",
                    number(row.get("score")), unit.endsWith("/s")));
        }
        asMap(asMap(results.get("hash")).get("threads")).forEach((threads, value) ->
                metrics.add(new Metric("hash roar " + threads + " threads (GiB/s)", number(asMap(value).get("roar_gib_s")), true)));
        return metrics;
    }

    private static int compare(List<Metric> before, List<Metric> now, double tolerance, StringBuilder md, String against) {
        Map<String, Metric> old = new LinkedHashMap<>();
        before.forEach(m -> old.put(m.name(), m));
        List<String> worse = new ArrayList<>();
        int compared = 0;
        for (Metric m : now) {
            Metric was = old.get(m.name());
            if (was == null || Double.isNaN(was.value()) || Double.isNaN(m.value()) || was.value() == 0) {
                continue;
            }
            compared++;
            double change = m.value() / was.value() - 1;
            boolean regressed = m.higherIsBetter() ? change < -tolerance : change > tolerance;
            if (regressed) {
                worse.add(String.format(Locale.ROOT, "| %s | %s | %s | %+.0f%% |", m.name(), significant(was.value()),
                        significant(m.value()), 100 * change));
            }
        }
        md.append(String.format(Locale.ROOT, "## Against %s (tolerance %.0f%%)\n\n", against, 100 * tolerance));
        if (worse.isEmpty()) {
            md.append(String.format(Locale.ROOT, "No regression among %d compared numbers.\n", compared));
        } else {
            md.append(String.format(Locale.ROOT, "%d of %d numbers got worse:\n\n| metric | before | now | change |\n|---|--:|--:|--:|\n",
                    worse.size(), compared));
            worse.forEach(line -> md.append(line).append('\n'));
        }
        return worse.size();
    }
}
