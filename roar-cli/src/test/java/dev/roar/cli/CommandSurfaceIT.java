package dev.roar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSurfaceIT {
    @TempDir
    Path dir;

    @Test
    void helpGroupsOnlyImplementedCommands() {
        RoarProcess.Result result = RoarProcess.run(dir, "--help");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.out();
        assertThat(out).contains("Start here:\n  init").contains("\n  run ").contains("Setup:\n  config").contains("  env ");
        assertThat(out.indexOf("Start here:")).isLessThan(out.indexOf("Setup:"));
        assertThat(out).contains("Sessions:\n  status").contains("  build ").contains("  dag ").contains("  reproduce ");
        // Not implemented yet, so not offered.
        assertThat(out).doesNotContain("  register ").doesNotContain("  lineage ").doesNotContain("  put ");
    }

    @Test
    void noArgumentsPrintsTheSameHelp() {
        assertThat(RoarProcess.run(dir).out()).isEqualTo(RoarProcess.run(dir, "--help").out());
    }

    @Test
    void versionIsTheBuiltVersion() {
        RoarProcess.Result result = RoarProcess.run(dir, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("roar 0.1.0");
    }

    @Test
    void unknownCommandIsAUsageErrorWithASuggestion() {
        RoarProcess.Result result = RoarProcess.run(dir, "confg");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Error: Unmatched argument").contains("config").contains("roar --help");
    }

    @Test
    void launcherWorksThroughASymlinkFromAnyDirectoryWhateverJavaHomeSays() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("roar"), RoarProcess.LAUNCHER);
        RoarProcess.Result result = RoarProcess.exec(dir, Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"),
                null, List.of(link.toString(), "--version"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Java 25");
    }

    @Test
    void launcherExplainsAMissingJdk25() {
        RoarProcess.Result result = RoarProcess.run(dir,
                Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64", "ROAR_JDK_SEARCH_PATH", dir.toString()),
                null, "--version");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("roar needs a JDK 25 or newer").contains("JAVA_HOME");
    }

    @Test
    void theBuildLeavesAnAotCacheTheJvmAcceptsForTheLaunchersJar() throws Exception {
        Path home = RoarProcess.LAUNCHER.getParent().getParent();
        Path jar = home.resolve("roar-cli/target/roar.jar");
        Path cache = home.resolve("roar-cli/target/roar.aot");
        assertThat(cache).exists();
        // bin/roar only uses a cache newer than the jar it was trained with.
        assertThat(Files.getLastModifiedTime(cache)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));
        RoarProcess.Result jdk = RoarProcess.exec(dir, Map.of(), null, List.of(home.resolve("bin/find-jdk25").toString()));
        Path java = Path.of(jdk.out().strip(), "bin", "java");
        // AOTMode=on makes an unusable cache (another jar, other JVM options) a start-up error instead of a silent miss.
        RoarProcess.Result result = RoarProcess.exec(dir, Map.of(), null, List.of(java.toString(), "-XX:AOTMode=on",
                "-XX:AOTCache=" + cache, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", jar.toString(),
                "dev.roar.cli.Main", "--version"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Java 25");
    }
}
