package dev.roar.trace.classify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class PathBytesTest {
    private static PathBytes p(String s) {
        return PathBytes.of(s);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void resolvesAgainstTheDirectoryAndNormalizesLexically() {
        PathBytes cwd = p("/work/repo/sub");
        assertThat(cwd.resolve(b("../x"))).isEqualTo(p("/work/repo/x"));
        assertThat(cwd.resolve(b("./y//z/."))).isEqualTo(p("/work/repo/sub/y/z"));
        assertThat(cwd.resolve(b("/abs/./a/../b"))).isEqualTo(p("/abs/b"));
        assertThat(cwd.resolve(b("../../../../.."))).isEqualTo(p("/"));
        assertThat(cwd.resolve(b(""))).isEqualTo(cwd);
        assertThat(PathBytes.root().resolve(b("a"))).isEqualTo(p("/a"));
    }

    @Test
    void agreesWithJavaNormalizeOnRandomPaths() {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] parts = {"a", "b", "..", ".", "", "c d", "é"};
        try {
            for (int i = 0; i < 5000; i++) {
                StringBuilder base = new StringBuilder();
                StringBuilder rel = new StringBuilder();
                for (int k = random.nextInt(5); k > 0; k--) {
                    base.append('/').append(parts[random.nextInt(random.nextInt(4) == 0 ? parts.length : 2)]);
                }
                for (int k = random.nextInt(6); k > 0; k--) {
                    rel.append(k == 0 ? "" : "/").append(parts[random.nextInt(parts.length)]);
                }
                String relative = random.nextBoolean() ? rel.substring(Math.min(1, rel.length())) : rel.toString();
                PathBytes dir = base.isEmpty() ? PathBytes.root() : p(base.toString());
                Path expected = Path.of(base.isEmpty() ? "/" : base.toString()).resolve(relative).normalize();
                // java.nio keeps leading ".." on absolute paths ("/.."), the kernel stays at "/".
                String want = expected.toString().replaceAll("^(/\\.\\.)+(?=/|$)", "");
                // Half the time as a decoder lends it: within a longer array holding other bytes before and after it.
                byte[] bytes = b(relative);
                int offset = random.nextInt(8);
                byte[] lent = new byte[offset + bytes.length + random.nextInt(8)];
                for (int k = 0; k < lent.length; k++) {
                    lent[k] = (byte) "/.x".charAt(random.nextInt(3));
                }
                System.arraycopy(bytes, 0, lent, offset, bytes.length);
                PathBytes resolved = random.nextBoolean() ? dir.resolve(bytes) : dir.resolve(lent, offset, bytes.length);
                assertThat(resolved.display()).as("%s + %s", dir, relative).isEqualTo(want.isEmpty() ? "/" : want);
            }
        } catch (AssertionError e) {
            fail("seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    @Test
    void keepsEveryByteAndDisplaysHardNamesEscaped() {
        byte[] raw = {'/', 'd', (byte) 0xff, '\n', 'x', ' ', 'y', '\\', (byte) 0xc3, (byte) 0xa9};
        PathBytes path = PathBytes.of(raw);
        assertThat(path.toByteArray()).isEqualTo(raw);
        assertThat(path.display()).isEqualTo("/d\\xff\\nx y\\\\é");
        assertThat(path.utf8()).isEmpty();
        assertThat(p("/ok/é").utf8()).contains("/ok/é");
        String longName = "/" + "n".repeat(4000);
        assertThat(PathBytes.root().resolve(b(longName)).length()).isEqualTo(4001);
    }

    @Test
    void displayFormParsesBackToTheSameBytesForRandomNames() {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] alphabet = {'a', '/', '\\', 'x', '\n', '\t', '\r', 0x01, 0x7f, (byte) 0xff, (byte) 0xc3, (byte) 0xa9,
                (byte) 0xe2, (byte) 0x82, (byte) 0xac, (byte) 0xf0, '0', 'f'};
        try {
            for (int n = 0; n < 5000; n++) {
                byte[] raw = new byte[1 + random.nextInt(12)];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = alphabet[random.nextInt(alphabet.length)];
                }
                PathBytes path = PathBytes.of(raw);
                assertThat(PathBytes.fromDisplay(path.display()).toByteArray()).as(path.display()).isEqualTo(raw);
            }
        } catch (AssertionError e) {
            fail("seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }
}
