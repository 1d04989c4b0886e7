package dev.roar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigAndEnvIT {
    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
    }

    private void init() {
        RoarProcess.Result result = RoarProcess.run(repo, "init", "-y");
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void commandsNeedAnInitializedProject() {
        for (String[] args : new String[][] {{"config", "list"}, {"config", "get", "output.quiet"}, {"env", "list"}}) {
            RoarProcess.Result result = RoarProcess.run(repo, args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).startsWith("Error: roar is not initialized in this directory.").contains("roar init");
        }
    }

    @Test
    void setThenGetFromASubdirectory() throws Exception {
        init();
        Path sub = Files.createDirectories(repo.resolve("notebooks/eda"));
        RoarProcess.Result set = RoarProcess.run(sub, "config", "set", "output.quiet", "true");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("Set output.quiet = true\n");
        RoarProcess.Result get = RoarProcess.run(sub, "config", "get", "output.quiet");
        assertThat(get.out()).isEqualTo("output.quiet: true\n");
        assertThat(repo.resolve(".roar/config.toml")).content().contains("\nquiet = true\n");
        assertThat(sub.resolve(".roar")).doesNotExist();
    }

    @Test
    void listShowsValueSourceAndDescriptionForEveryLayer() throws Exception {
        init();
        Files.writeString(repo.resolve(".roarconfig"), "[tracer]\ndefault = \"ptrace\"\n[hints]\nenabled = false\n");
        RoarProcess.run(repo, "config", "set", "hints.enabled", "true");
        RoarProcess.Result list = RoarProcess.run(repo, Map.of("ROAR_OUTPUT__VERBOSITY", "debug"), null, "config", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().findFirst()).get().asString().matches("KEY\\s+VALUE\\s+SOURCE\\s+DESCRIPTION");
        assertThat(list.out()).containsPattern("tracer\\.default\\s+ptrace\\s+\\.roarconfig\\s+Tracer backend")
                .containsPattern("hints\\.enabled\\s+true\\s+\\.roar/config\\.toml")
                .containsPattern("output\\.verbosity\\s+debug\\s+ROAR_OUTPUT__VERBOSITY")
                .containsPattern("output\\.quiet\\s+false\\s+default");

        RoarProcess.Result json = RoarProcess.run(repo, "config", "list", "--json");
        assertThat(json.out()).contains("\"key\": \"tracer.default\",\n    \"value\": \"ptrace\",\n    \"source\": \".roarconfig\"")
                .contains("\"value\": [\n      \"sha256\"\n    ]");
    }

    @Test
    void unknownKeyAndWrongTypeAreOneLineErrorsThatChangeNothing() throws Exception {
        init();
        String before = Files.readString(repo.resolve(".roar/config.toml"));
        RoarProcess.Result unknown = RoarProcess.run(repo, "config", "set", "output.quite", "true");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(unknown.err()).startsWith("Error: Unknown config key 'output.quite'.")
                .contains("Did you mean output.quiet?").contains("Valid keys: output.track_repo_files");

        RoarProcess.Result wrongType = RoarProcess.run(repo, "config", "set", "tracer.default", "strace");
        assertThat(wrongType.exitCode()).isEqualTo(1);
        assertThat(wrongType.err()).startsWith("Error: tracer.default expects one of auto, ebpf, ptrace, got 'strace'.");
        assertThat(repo.resolve(".roar/config.toml")).hasContent(before.stripTrailing());
    }

    @Test
    void malformedConfigIsReportedWithFileLineAndColumn() throws Exception {
        init();
        Path config = repo.resolve(".roar/config.toml");
        Files.writeString(config, "[output]\nquiet = tru\n");
        RoarProcess.Result result = RoarProcess.run(repo, "config", "get", "output.quiet");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error: " + config.toRealPath() + ":2:");
    }

    @Test
    void environmentOverrideIsShownAndSetWarnsAboutIt() {
        init();
        Map<String, String> env = Map.of("ROAR_OUTPUT__QUIET", "true");
        assertThat(RoarProcess.run(repo, env, null, "config", "get", "output.quiet").out()).isEqualTo("output.quiet: true\n");
        RoarProcess.Result set = RoarProcess.run(repo, env, null, "config", "set", "output.quiet", "false");
        assertThat(set.exitCode()).isZero();
        assertThat(set.err()).contains("ROAR_OUTPUT__QUIET=true in your environment overrides this value");
        RoarProcess.Result bad = RoarProcess.run(repo, Map.of("ROAR_OUTPUT__QUIET", "perhaps"), null, "config", "list");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("ROAR_OUTPUT__QUIET=perhaps").contains("Fix or unset ROAR_OUTPUT__QUIET");
    }

    @Test
    void envSetGetListUnset() throws Exception {
        init();
        assertThat(RoarProcess.run(repo, "env", "list").out()).isEqualTo("No environment variables set.\n");
        assertThat(RoarProcess.run(repo, "env", "set", "FOO", "bar").out()).isEqualTo("Set FOO=bar\n");
        assertThat(RoarProcess.run(repo, "env", "set", "DATA_DIR", "/data/my set").out()).isEqualTo("Set DATA_DIR=/data/my set\n");
        assertThat(RoarProcess.run(repo, "env", "get", "FOO").out()).isEqualTo("bar\n");
        assertThat(RoarProcess.run(repo, "env", "list").out()).isEqualTo("FOO=bar\nDATA_DIR=/data/my set\n");
        assertThat(repo.resolve(".roar/config.toml")).content().contains("[env]\nFOO = \"bar\"\nDATA_DIR = \"/data/my set\"\n");
        assertThat(RoarProcess.run(repo, "env", "list", "--json").out()).contains("\"name\": \"FOO\"").contains("\"source\": \".roar/config.toml\"");

        assertThat(RoarProcess.run(repo, "env", "unset", "FOO").out()).isEqualTo("Unset FOO\n");
        RoarProcess.Result missing = RoarProcess.run(repo, "env", "get", "FOO");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: FOO is not set in roar's env.");
        RoarProcess.Result badName = RoarProcess.run(repo, "env", "set", "NOT-VALID", "x");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).contains("not a valid environment variable name");
    }

    @Test
    void sharedEnvEntriesAreListedWithTheirSourceAndNotUnsetFromTheWrongFile() throws Exception {
        init();
        Files.writeString(repo.resolve(".roarconfig"), "[env]\nTEAM = \"ml\"\n");
        assertThat(RoarProcess.run(repo, "env", "list").out()).isEqualTo("TEAM=ml    (from .roarconfig)\n");
        RoarProcess.Result unset = RoarProcess.run(repo, "env", "unset", "TEAM");
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.err()).contains("TEAM is set in .roarconfig");
        assertThat(repo.resolve(".roarconfig")).hasContent("[env]\nTEAM = \"ml\"");
    }
}
