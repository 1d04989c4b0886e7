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
}
