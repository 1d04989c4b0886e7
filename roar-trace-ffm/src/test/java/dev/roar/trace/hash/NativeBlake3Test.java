package dev.roar.trace.hash;

import dev.roar.trace.classify.PathBytes;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeBlake3Test {
    private static final int LEAF = NativeBlake3.LEAF;
    private static NativeBlake3 blake3;

    @BeforeAll
    static void load() {
        // The build compiles the library whenever BLAKE3's C sources can be had; on this kind of machine they can.
        blake3 = NativeBlake3.instance().orElseThrow(() -> new AssertionError(NativeBlake3.unavailableReason().orElse("?")));
    }

    /** The BLAKE3 spec's test input: byte i is i mod 251. */
    private static byte[] specInput(int length) {
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) (i % 251);
        }
        return input;
    }

    private static String reference(byte[] data) {
        Blake3Digest digest = new Blake3Digest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Lengths around every boundary the tree and the leaf split have, then random ones. */
    private static List<Integer> lengths(Random random) {
        List<Integer> lengths = new ArrayList<>(List.of(0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 31744, 102400,
                LEAF - 1, LEAF, LEAF + 1, 2 * LEAF, 2 * LEAF + 1, 3 * LEAF - 1, 3 * LEAF + 1024, 4 * LEAF, 5 * LEAF + 7, 8 * LEAF + 1025));
        for (int i = 0; i < 6; i++) {
            lengths.add(random.nextInt(12 * LEAF));
        }
        return lengths;
    }

    @Test
    void matchesTheSpecVectors() {
        assertThat(hex(blake3.digest(specInput(0), 0, 0))).isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertThat(hex(blake3.digest(specInput(1), 0, 1))).isEqualTo("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
        assertThat(hex(blake3.digest("abc".getBytes(StandardCharsets.US_ASCII), 0, 3)))
                .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    @Test
    void wholeInputsStreamsAndFilesAgreeWithAnIndependentImplementation(@TempDir Path dir) throws IOException {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        try {
            Random random = new Random(seed);
            for (int length : lengths(random)) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                String expected = reference(data);
                assertThat(hex(blake3.digest(data, 0, length))).as("whole, %d bytes", length).isEqualTo(expected);

                NativeBlake3.Streaming stream = blake3.streaming();
                int at = 0;
                while (at < length) {
                    int piece = Math.min(length - at, random.nextBoolean() ? random.nextInt(4096) + 1 : random.nextInt(3 * LEAF) + 1);
                    stream.update(data, at, piece);
                    at += piece;
                }
                assertThat(hex(stream.digest())).as("streamed, %d bytes", length).isEqualTo(expected);

                Path file = dir.resolve("f" + length);
                Files.write(file, data);
                for (int threads : new int[] {1, 2, 5}) {
                    byte[] out = new byte[32];
                    var stat = blake3.digestFile(PathBytes.of(file.toString()), out, threads);
                    assertThat(hex(out)).as("file, %d bytes, %d threads", length, threads).isEqualTo(expected);
                    assertThat(stat.size()).isEqualTo(length);
                }
                Files.delete(file);
            }
        } catch (AssertionError | IOException e) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    @Test
    void aSliceOfAnArrayIsHashedAlone() {
        byte[] data = specInput(5000);
        byte[] slice = java.util.Arrays.copyOfRange(data, 100, 4200);
        assertThat(hex(blake3.digest(data, 100, 4100))).isEqualTo(reference(slice));
    }

    @Test
    void aFileNamedWithBytesThatAreNotUtf8IsHashed(@TempDir Path dir) throws Exception {
        byte[] content = specInput(3 * LEAF + 11);
        Files.write(dir.resolve("plain"), content);
        // java.nio cannot spell a 0xff byte in a name under UTF-8; the shell can.
        Process mv = new ProcessBuilder("sh", "-c", "mv plain \"$(printf 'data-\\377')\"").directory(dir.toFile()).start();
        assertThat(mv.waitFor()).isZero();
        byte[] name = (dir + "/data-").getBytes(StandardCharsets.UTF_8);
        byte[] exact = java.util.Arrays.copyOf(name, name.length + 1);
        exact[name.length] = (byte) 0xff;
        PathBytes target = PathBytes.of(exact);
        byte[] out = new byte[32];
        blake3.digestFile(target, out, 2);
        assertThat(hex(out)).isEqualTo(reference(content));
    }

    @Test
    void aMissingFileIsAnIOExceptionNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> blake3.digestFile(PathBytes.of(dir + "/gone"), new byte[32], 2))
                .isInstanceOf(IOException.class).hasMessageContaining("gone").hasMessageContaining("ENOENT");
    }

    @Test
    void agreesWithB3sumWhenInstalled(@TempDir Path dir) throws Exception {
        Path b3sum = Path.of("/usr/bin/b3sum");
        assumeTrue(Files.isExecutable(b3sum), "b3sum is not installed");
        byte[] data = new byte[7 * LEAF + 333];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("big");
        Files.write(file, data);
        Process process = new ProcessBuilder(b3sum.toString(), "--no-names", file.toString()).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        byte[] out = new byte[32];
        blake3.digestFile(PathBytes.of(file.toString()), out, 2);
        assertThat(hex(out)).isEqualTo(printed);
    }
}
