package dev.roar.bench.hash;

import dev.roar.bench.Medians;
import dev.roar.core.json.Json;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.hash.NativeBlake3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * BLAKE3 of one large file: roar's native hasher (in this JVM, warmed) against b3sum, with the same
 * thread counts, interleaved rep by rep. The file is read once first so both hash from the page cache.
 * Usage: FileHashHarness [--size-mib N] [--reps N] [--threads 1,2] [--dir DIR] [--json FILE]
 */
public final class FileHashHarness {
    private FileHashHarness() {
    }

    public static void main(String[] args) throws Exception {
        long sizeMib = 1024;
        int reps = 5;
        List<Integer> threadCounts = List.of(1, 2);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--threads" -> threadCounts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--dir" -> dir = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class comment)");
            }
        }
        NativeBlake3 blake3 = NativeBlake3.instance().orElseThrow(() ->
                new IllegalStateException("no native BLAKE3: " + NativeBlake3.unavailableReason().orElse("?")));
        Path b3sum = Path.of("/usr/bin/b3sum");
        if (!Files.isExecutable(b3sum)) {
            throw new IllegalStateException("b3sum is missing (apt-get install b3sum)");
        }
        Path file = Files.createTempFile(dir, "roar-hash-bench", ".bin");
        try {
            write(file, sizeMib << 20);
            PathBytes path = PathBytes.of(file.toString());
            String expected = b3sum(b3sum, file, 1);
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            for (int warm = 0; warm < 3; warm++) {
                for (int threads : threadCounts) {
                    roar(blake3, path, threads);
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                for (int threads : threadCounts) {
                    long start = System.nanoTime();
                    String digest = b3sum(b3sum, file, threads);
                    seconds.computeIfAbsent("b3sum/" + threads, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
                    check(expected, digest, "b3sum");
                    start = System.nanoTime();
                    digest = roar(blake3, path, threads);
                    seconds.computeIfAbsent("roar/" + threads, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
                    check(expected, digest, "roar");
                }
            }
            double gib = sizeMib / 1024.0;
            System.out.printf(Locale.ROOT, "BLAKE3 of a %d MiB file from the page cache, %d interleaved reps, medians%n", sizeMib, reps);
            System.out.printf(Locale.ROOT, "| threads | b3sum GiB/s | roar GiB/s | roar / b3sum |%n|---|---|---|---|%n");
            Map<String, Object> byThreads = new LinkedHashMap<>();
            for (int threads : threadCounts) {
                double b = gib / Medians.of(seconds.get("b3sum/" + threads));
                double r = gib / Medians.of(seconds.get("roar/" + threads));
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.0f%% |%n", threads, b, r, 100 * r / b);
                byThreads.put(String.valueOf(threads), Json.object("b3sum_gib_s", b, "roar_gib_s", r));
            }
            if (json != null) {
                Files.writeString(json, Json.write(Json.object("size_mib", sizeMib, "reps", reps, "threads", byThreads)) + "\n");
            }
            System.out.println("(b3sum's time includes starting the process, ~1 ms.)");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void write(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    private static String roar(NativeBlake3 blake3, PathBytes path, int threads) throws IOException {
        byte[] out = new byte[NativeBlake3.DIGEST_LENGTH];
        blake3.digestFile(path, out, threads);
        return HexFormat.of().formatHex(out);
    }

    private static String b3sum(Path b3sum, Path file, int threads) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(b3sum.toString(), "--no-names", "--num-threads", String.valueOf(threads), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("b3sum failed: " + out);
        }
        return out;
    }

    private static void check(String expected, String actual, String who) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(who + " computed " + actual + ", b3sum " + expected);
        }
    }
}
