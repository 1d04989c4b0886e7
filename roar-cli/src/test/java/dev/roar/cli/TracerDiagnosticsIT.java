package dev.roar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance T1-T4: `roar tracer`, `roar tracer check`, `roar tracer use`, auto mode and its fallback. */
class TracerDiagnosticsIT {
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    @Test
    void t1OneRowPerBackendWithTheDefault() {
        RoarProcess.Result table = RoarProcess.run(dir, "tracer");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("(?m)^ebpf\\s+yes\\s+\\*\\s+ready$")
                .containsPattern("(?m)^ptrace\\s+yes\\s+ready$")
                .contains("default: auto (eBPF, else ptrace) -> runs use ebpf");
        RoarProcess.Result json = RoarProcess.run(dir, "tracer", "--json");
        assertThat(json.out()).contains("\"default\": \"auto\"").contains("\"effective\": \"ebpf\"")
                .contains("\"name\": \"ptrace\"").contains("\"ready\": true");
    }

    @Test
    void t2CheckIsDeepAndExitsOneWhenNotReady() throws Exception {
        RoarProcess.Result ok = RoarProcess.run(dir, "tracer", "check", "ebpf", "--json");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("\"backend\": \"ebpf\"").contains("\"ok\": true").contains("\"summary\": \"ebpf is ready\"")
                .contains("\"name\": \"start\"").contains("probes loaded and attached")
                .contains("\"name\": \"trace\"").contains("traced `cat probe.txt`: exit 0");

        Path home = nobodyHome();
        RoarProcess.Result refused = asNobody(home, dir, "tracer", "check", "ebpf", "--json");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).contains("\"ok\": false").contains("\"name\": \"privileges\"")
                .contains("loading BPF needs root").contains("\"fix\": ");
        RoarProcess.Result text = asNobody(home, dir, "tracer", "check", "ebpf");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).containsPattern("FAIL\\s+privileges").contains("fix: run roar as root")
                .contains("ebpf is not ready: loading BPF needs root");
        RoarProcess.Result ptrace = asNobody(home, dir, "tracer", "check", "ptrace");
        assertThat(ptrace.exitCode()).as(ptrace.toString()).isZero();
    }

    @Test
    void t3UsePersistsAndTracerFlagOverrides() throws Exception {
        Project p = Project.create(dir);
        RoarProcess.Result use = p.roar("tracer", "use", "ptrace");
        assertThat(use.exitCode()).as(use.toString()).isZero();
        assertThat(Files.readString(p.root.resolve(".roar/config.toml"))).contains("default = \"ptrace\"");
        p.run(0, "python3", "preprocess.py");
        p.run(0, "--tracer", "ebpf", "python3", "preprocess.py");
        assertThat(p.query("SELECT tracer_backend FROM jobs ORDER BY id")).containsExactly("ptrace", "ebpf");
        assertThat(p.roar("tracer", "use", "strace").err()).contains("Unknown tracer 'strace'. Choose one of: auto, ebpf, ptrace.");
    }

    @Test
    void t4AutoPicksEbpfAndFallsBackWithOneWarningWhenItCannotLoad() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "roar-t4");
        try {
            Project p = Project.create(Files.createDirectory(root.resolve("project")));
            p.run(0, "python3", "preprocess.py");
            assertThat(p.query("SELECT tracer_backend FROM jobs")).containsExactly("ebpf");

            Path home = nobodyHome();
            chown(root);
            RoarProcess.Result fallback = asNobody(home, p.root, "run", "python3", "preprocess.py");
            assertThat(fallback.exitCode()).as(fallback.toString()).isZero();
            List<String> warnings = fallback.err().lines().filter(l -> l.contains("eBPF")).toList();
            assertThat(warnings).as(fallback.toString()).hasSize(1);
            assertThat(warnings.getFirst()).contains("eBPF tracer unavailable (loading BPF needs root").contains("using ptrace");
            assertThat(p.query("SELECT tracer_backend FROM jobs ORDER BY id")).containsExactly("ebpf", "ptrace");
            assertThat(p.lastJob().inputs()).containsExactly("input.csv");

            RoarProcess.Result strict = asNobody(home, p.root, "run", "--tracer", "ebpf", "python3", "preprocess.py");
            assertThat(strict.exitCode()).isEqualTo(1);
            assertThat(strict.err()).contains("The ebpf tracer cannot run here: loading BPF needs root");
        } finally {
            new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
        }
    }

    private Path nobodyHome() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "roar-nobody-home");
        chown(home);
        return home;
    }

    private static void chown(Path path) throws Exception {
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, path.toString()).start().waitFor()).isZero();
    }

    private static Path installedForEveryone;

    /**
     * bin/roar and its jars copied where any user can read them: the checkout may sit in a directory
     * only root can enter (a CI workspace, a mktemp dir).
     */
    private static synchronized Path launcherForEveryone() throws Exception {
        if (installedForEveryone == null) {
            Path install = Files.createTempDirectory(Path.of("/tmp"), "roar-install");
            Path home = RoarProcess.LAUNCHER.getParent().getParent();
            String script = "mkdir -p \"$2/roar-cli/target\" && cp -r \"$1/bin\" \"$2/\" && cp -rp \"$1/roar-cli/target/roar.jar\" "
                    + "\"$1/roar-cli/target/native\" \"$2/roar-cli/target/\" && chmod -R a+rX \"$2\"";
            assertThat(new ProcessBuilder("sh", "-c", script, "copy", home.toString(), install.toString())
                    .inheritIO().start().waitFor()).isZero();
            installedForEveryone = install.resolve("bin/roar");
        }
        return installedForEveryone;
    }

    /** Runs roar as an unprivileged user (no capabilities), as T4 asks. */
    private static RoarProcess.Result asNobody(Path home, Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                launcherForEveryone().toString()));
        command.addAll(List.of(args));
        return RoarProcess.exec(directory, Map.of("HOME", home.toString()), null, command);
    }
}
