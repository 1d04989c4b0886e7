package dev.roar.core.env;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DebianPackagesTest {
    @TempDir
    Path dir;

    @Test
    void parsesOwnerLinesAndSkipsDiversions() {
        assertThat(DebianPackages.parseOwnerLine("libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6"))
                .hasValueSatisfying(o -> assertThat(o).containsExactly("libc6", "/lib/x86_64-linux-gnu/libc.so.6"));
        assertThat(DebianPackages.parseOwnerLine("libfoo:amd64, libfoo-dev: /usr/include/foo.h"))
                .hasValueSatisfying(o -> assertThat(o).containsExactly("libfoo,libfoo-dev", "/usr/include/foo.h"));
        assertThat(DebianPackages.parseOwnerLine("diversion by dash from: /bin/sh")).isEmpty();
        assertThat(DebianPackages.usrMergeTwin("/usr/bin/dd")).contains("/bin/dd");
        assertThat(DebianPackages.usrMergeTwin("/lib/x86_64-linux-gnu/libc.so.6")).contains("/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(DebianPackages.usrMergeTwin("/opt/tool")).isEmpty();
    }

    /** Against this machine's real dpkg database: the owners and versions dpkg itself reports. */
    @Test
    void namesOwnersWithVersionsThroughEitherMergedUsrName() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/var/lib/dpkg/status")), "not a dpkg system");
        Path status = Files.copy(Path.of("/var/lib/dpkg/status"), dir.resolve("status"));
        Path cache = dir.resolve("dpkg_cache.json");
        DebianPackages debian = new DebianPackages(cache, status);

        Map<String, String> owners = debian.owning(List.of("/usr/bin/dd", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/nonexistent/x"));

        assertThat(owners).containsOnlyKeys("coreutils", "libc6");
        assertThat(owners.get("libc6")).isEqualTo(version("libc6"));
        assertThat(Files.readString(cache)).contains("/usr/bin/dd").contains("/nonexistent/x");

        // A cached answer is served even if dpkg would now say otherwise; a changed database drops it.
        String cached = Files.readString(cache).replace("\"libc6\"", "\"pretend-libc\"");
        Files.writeString(cache, cached);
        assertThat(debian.owning(List.of("/usr/lib/x86_64-linux-gnu/libc.so.6"))).containsOnlyKeys("pretend-libc");
        Files.setLastModifiedTime(status, FileTime.fromMillis(Files.getLastModifiedTime(status).toMillis() + 5000));
        assertThat(debian.owning(List.of("/usr/lib/x86_64-linux-gnu/libc.so.6"))).containsOnlyKeys("libc6");
    }

    @Test
    void noDpkgDatabaseMeansNoPackages() {
        assertThat(new DebianPackages(dir.resolve("c.json"), dir.resolve("missing-status")).owning(List.of("/bin/sh"))).isEmpty();
    }

    private static String version(String pkg) throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", pkg).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return v;
    }
}
