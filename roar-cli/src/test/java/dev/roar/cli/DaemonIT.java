package dev.roar.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The roar daemon's life and its guards, on the real launcher: started, used, refused, replaced, gone. */
class DaemonIT {
    @TempDir
    Path dir;

    private Path stateDir() {
        return dir.resolve("state");
    }

    private Map<String, String> daemon(String mode, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("ROAR_DAEMON", mode, "ROAR_DAEMON_DIR", stateDir().toString(), "ROAR_DAEMON_IDLE", "300"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private RoarProcess.Result roar(Path where, Map<String, String> env, String... args) {
        return RoarProcess.run(where, env, null, args);
    }

    private long awaitDaemon() throws InterruptedException {
        return new DaemonStateDir(stateDir()).awaitPid();
    }

    private Optional<Long> statePid() {
        return new DaemonStateDir(stateDir()).pid();
    }

    private String log() {
        return new DaemonStateDir(stateDir()).log();
    }

    private static void awaitExit(long pid) {
        DaemonStateDir.awaitExit(pid);
    }

    @AfterEach
    void stopDaemons() {
        new DaemonStateDir(stateDir()).stop();
    }

    private Project project() throws Exception {
        Path root = dir.resolve("project");
        Files.createDirectories(root);
        Project p = Project.create(root, "ptrace");
        p.run(0, "python3", "preprocess.py");
        return p;
    }

    @Test
    void whatTheDaemonServesReadsAsRoarsOwnOutput() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        for (List<String> command : List.of(List.of("status"), List.of("log"), List.of("dag", "--json"),
                List.of("show", "@1"), List.of("show", "processed.csv"), List.of("diff", "@1", "@1"), List.of("show", "@9"))) {
            String[] args = command.toArray(String[]::new);
            RoarProcess.Result own = roar(p.root, Map.of(), args);
            RoarProcess.Result served = roar(p.root, daemon("require"), args);
            assertThat(served.exitCode()).as(command + "\n" + served).isEqualTo(own.exitCode());
            assertThat(served.out()).as(command.toString()).isEqualTo(own.out());
            assertThat(served.err()).as(command.toString()).isEqualTo(own.err());
        }
        // Times in the client's zone, not the daemon's.
        RoarProcess.Result own = roar(p.root, Map.of("TZ", "Asia/Tokyo"), "log");
        RoarProcess.Result served = roar(p.root, daemon("require", "TZ", "Asia/Tokyo"), "log");
        assertThat(served.out()).isEqualTo(own.out()).isNotEqualTo(roar(p.root, Map.of("TZ", "America/New_York"), "log").out());
    }

    @Test
    void aRunServedByTheDaemonIsTheClientsChildAndIsRecorded() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        long daemonPid = awaitDaemon();
        p.write("step.sh", "cat > copy.txt; echo \"parent=$PPID\"; exit 3\n");
        p.commitAll("step");
        RoarProcess.Result run = RoarProcess.run(p.root, daemon("require"), "piped\n", "run", "-q", "sh", "step.sh");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(Files.readString(p.root.resolve("copy.txt"))).isEqualTo("piped\n");
        // The command's parent is the client's shell (bin/roar), not the daemon.
        long parent = Long.parseLong(run.out().strip().substring("parent=".length()));
        assertThat(parent).isNotEqualTo(daemonPid);
        assertThat(p.lastJob().exitCode()).isEqualTo(3);
        assertThat(p.lastJob().outputs()).contains("copy.txt");
        assertThat(run.err()).contains("exit 3");
    }

    @Test
    void aBusyDaemonLetsTheNextCommandRunRoarItself() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        ProcessBuilder builder = RoarProcess.builder(p.root, List.of(RoarProcess.LAUNCHER.toString(), "run", "-q", "sh", "-c", "touch started; sleep 3"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("slow.log").toFile());
        builder.environment().putAll(daemon("require"));
        Process slow = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(p.root.resolve("started")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            RoarProcess.Result refused = roar(p.root, daemon("require"), "log");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(70);
            assertThat(refused.err()).contains("no roar daemon served this command");
            RoarProcess.Result itself = roar(p.root, daemon("1"), "log");
            assertThat(itself.exitCode()).as(itself.toString()).isZero();
            assertThat(itself.out()).isEqualTo(roar(p.root, Map.of(), "log").out());
            assertThat(slow.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.exitValue()).as(Files.readString(dir.resolve("slow.log"))).isZero();
        } finally {
            slow.destroyForcibly();
        }
    }

    @Test
    void aDaemonOlderThanTheJarIsNotUsedAndANewOneReplacesIt() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        long old = awaitDaemon();
        // As if roar had been rebuilt since: the jar is newer than the daemon's state file.
        Files.setLastModifiedTime(stateDir().resolve("daemon"), FileTime.fromMillis(0));
        RoarProcess.Result stale = roar(p.root, daemon("require"), "status");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(70);
        RoarProcess.Result itself = roar(p.root, daemon("1"), "status");
        assertThat(itself.exitCode()).as(itself.toString()).isZero();
        awaitExit(old);
        assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        long replacement = awaitDaemon();
        assertThat(replacement).isNotEqualTo(old);
        RoarProcess.Result served = roar(p.root, daemon("require"), "status");
        assertThat(served.exitCode()).as(served.toString()).isZero();
        assertThat(served.out()).isEqualTo(itself.out());
    }

    @Test
    void aClientWithoutTheTokenIsNotServed() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        int port = Integer.parseInt(Files.readString(stateDir().resolve("daemon")).split(" ")[0]);
        Path marker = p.root.resolve("should-not-exist");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            String request = String.join("\0", "0123456789abcdef0123456789abcdef", Long.toString(ProcessHandle.current().pid()),
                    "5", "run", "sh", "-c", "touch " + marker, "x") + "\0";
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            assertThat(in.readAllBytes()).isEmpty(); // closed without a word
        }
        assertThat(marker).doesNotExist();
        RoarProcess.Result served = roar(p.root, daemon("require"), "status");
        assertThat(served.exitCode()).as(served.toString()).isZero();
    }

    @Test
    void anIdleDaemonLeavesAndTakesItsStateFileWithIt() throws Exception {
        Project p = project();
        roar(p.root, daemon("1", "ROAR_DAEMON_IDLE", "1"), "status");
        long pid = awaitDaemon();
        awaitExit(pid);
        assertThat(stateDir().resolve("daemon")).doesNotExist();
        RoarProcess.Result gone = roar(p.root, daemon("require"), "status");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(70);
    }

    @Test
    void roarDaemonOffStartsNone() throws Exception {
        Project p = project();
        RoarProcess.Result status = roar(p.root, daemon("0"), "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Thread.sleep(1_000);
        assertThat(stateDir()).doesNotExist();
    }

    @Test
    void aStateDirectoryOthersCanEnterIsRefused() throws Exception {
        Project p = project();
        Files.createDirectories(stateDir());
        Files.setPosixFilePermissions(stateDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        RoarProcess.Result status = roar(p.root, daemon("1"), "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Path log = stateDir().resolve("daemon.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!log().contains("rwx------") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(log()).contains("not rwx------");
        assertThat(stateDir().resolve("daemon")).doesNotExist();
    }

    @Test
    void runsThatStopBeforeTheirCommandLeaveNoProbesAttachedInTheDaemon() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        long pid = awaitDaemon();
        for (String tracer : List.of("ebpf", "ptrace", "ebpf")) {
            RoarProcess.Result missing = roar(p.root, daemon("require"), "run", "--tracer", tracer, "nosuchcommand");
            org.junit.jupiter.api.Assumptions.assumeTrue(missing.exitCode() == 127, () -> "eBPF is not ready here: " + missing);
        }
        RoarProcess.Result traced = roar(p.root, daemon("require"), "run", "-q", "--tracer", "ebpf", "true");
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        // Each prepared backend let go: no BPF program, link or map is left open in the daemon.
        List<String> bpf = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains("bpf")) {
                        bpf.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        assertThat(bpf).isEmpty();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void everyServedCommandWritesToTheClientsOwnStdoutAndStderr() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        // bin/roar once sent its request with its stdout and stderr redirected for that moment, and the daemon
        // sometimes took its copies then: a few runs in a hundred lost their output.
        for (int i = 0; i < 40; i++) {
            RoarProcess.Result usage = roar(p.root, daemon("require"), "run");
            assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(2);
            assertThat(usage.err()).as("run " + i).contains("COMMAND");
            RoarProcess.Result log = roar(p.root, daemon("require"), "log");
            assertThat(log.out()).as("run " + i).contains("preprocess.py");
        }
    }

    @Test
    void aServedCommandHasTheClientsUmaskAndItsHelpersTheClientsEnvironment() throws Exception {
        Project p = project();
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        Path cache = p.root.resolve(".roar/runtime_cache.json");
        Files.deleteIfExists(cache);
        // An untracked file that only the client's git configuration (in its environment) ignores.
        Files.writeString(p.root.resolve("scratch.tmp"), "x");
        Files.writeString(dir.resolve("excludes"), "scratch.tmp\n");
        Map<String, String> env = daemon("require", "GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "core.excludesFile",
                "GIT_CONFIG_VALUE_0", dir.resolve("excludes").toString());
        RoarProcess.Result run = RoarProcess.exec(p.root, env, null,
                List.of("sh", "-c", "umask 077; exec \"$0\" run -q true", RoarProcess.LAUNCHER.toString()));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
        RoarProcess.Result dirty = roar(p.root, daemon("require"), "run", "-q", "true");
        assertThat(dirty.exitCode()).as(dirty.toString()).isEqualTo(1);
        assertThat(dirty.err()).contains("scratch.tmp");
    }

    @Test
    void aServedReRunAsksOnTheClientsTerminal() throws Exception {
        Project p = project();
        p.run(0, "python3", "train.py", "--lr=0.01", "--epochs=10");
        // @2 becomes stale upstream of a re-run of itself's consumer: new data through @1.
        Files.writeString(p.root.resolve("input.csv"), Files.readString(p.root.resolve("input.csv")) + "8,17\n");
        p.commitAll("more data");
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "evaluate.py");
        roar(p.root, daemon("1"), "status");
        awaitDaemon();
        int jobs = p.jobs().size();
        // Under a pseudo-terminal (util-linux script), as a user at a terminal: roar asks there, and the answer counts.
        RoarProcess.Result no = RoarProcess.exec(p.root, daemon("require"), "n\n",
                List.of("script", "-qec", RoarProcess.LAUNCHER + " run @3", "/dev/null"));
        assertThat(no.out()).as(no.toString()).contains("are stale (@2)").contains("[y/N]");
        assertThat(no.out()).contains("Not re-run");
        assertThat(p.jobs()).hasSize(jobs);
        RoarProcess.Result yes = RoarProcess.exec(p.root, daemon("require"), "y\n",
                List.of("script", "-qec", RoarProcess.LAUNCHER + " run -q @3", "/dev/null"));
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(p.jobs()).hasSize(jobs + 1);
        assertThat(p.lastJob().step()).isEqualTo(3);
    }
}
