package dev.roar.trace.files;

import dev.roar.trace.classify.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ByteFilesTest {
    @TempDir
    Path dir;

    /** The hash cache compares stats from both ways, so they must agree to the nanosecond and the inode. */
    @Test
    void theJavaStatAndTheNativeStatAgree() throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), file);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        for (Path p : List.of(file, sub, link, dangling, dir.resolve("missing"), dir.resolve("missing/below"))) {
            PathBytes path = PathBytes.of(p.toString());
            assertThat(ByteFiles.statWithoutLinking(path)).as("%s", p).isEqualTo(ByteFiles.stat(path));
        }
        assertThat(ByteFiles.statWithoutLinking(PathBytes.of(file.toString())).orElseThrow().isRegularFile()).isTrue();
        assertThat(ByteFiles.statWithoutLinking(PathBytes.of(link.toString())).orElseThrow().size()).isEqualTo(8);
    }

    @Test
    void aNameThatIsNotAsciiIsStattedByItsBytes() throws Exception {
        Process touch = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'caf\\303\\251-\\377')\"").directory(dir.toFile()).start();
        assertThat(touch.waitFor()).isZero();
        byte[] prefix = (dir + "/caf").getBytes();
        byte[] name = java.util.Arrays.copyOf(prefix, prefix.length + 4);
        name[prefix.length] = (byte) 0xc3;
        name[prefix.length + 1] = (byte) 0xa9;
        name[prefix.length + 2] = '-';
        name[prefix.length + 3] = (byte) 0xff;
        PathBytes path = PathBytes.of(name);
        assertThat(ByteFiles.statWithoutLinking(path)).isPresent().isEqualTo(ByteFiles.stat(path));
        assertThat(ByteFiles.statWithoutLinking(path).orElseThrow().size()).isEqualTo(1);
    }
}
