package dev.roar.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance scenarios C1-C18 on the real CLI (bin/roar), once per backend (the subclasses): every
 * project is set to its backend, and every job is checked to have been traced by it (no fallback).
 */
abstract class CaptureScenarios {
    @TempDir
    Path dir;

    /** "ptrace" or "ebpf". */
    abstract String tracer();

    private Project project() throws Exception {
        return Project.create(dir, tracer());
    }

    private static TreeSet<String> set(String... items) {
        return new TreeSet<>(List.of(items));
    }

    @Test
    void c1LinearPipeline() throws Exception {
        Project p = project();
        p.run(0, "python3", "preprocess.py");
        p.run(0, "python3", "train.py", "--lr=0.01", "--epochs=10");
        p.run(0, "python3", "evaluate.py");
        List<Project.JobRow> jobs = p.jobs();
        assertThat(jobs).hasSize(3);
        assertThat(jobs.get(0).inputs()).isEqualTo(set("input.csv"));
        assertThat(jobs.get(0).outputs()).isEqualTo(set("processed.csv"));
        assertThat(jobs.get(1).inputs()).isEqualTo(set("processed.csv"));
        assertThat(jobs.get(1).outputs()).isEqualTo(set("model.pkl"));
        assertThat(jobs.get(2).inputs()).isEqualTo(set("model.pkl", "test.csv"));
        assertThat(jobs.get(2).outputs()).isEqualTo(set("metrics.json"));
        assertThat(jobs).extracting(Project.JobRow::step).containsExactly(1, 2, 3);
        // The lineage of metrics.json: follow each input's artifact to the job that output it.
        List<String> upstream = p.query("""
                WITH RECURSIVE lineage(job_id) AS (
                  SELECT job_id FROM job_outputs WHERE artifact_id =
                    (SELECT artifact_id FROM job_outputs o JOIN jobs j ON j.id = o.job_id WHERE j.step_number = 3)
                  UNION
                  SELECT o.job_id FROM lineage l JOIN job_inputs i ON i.job_id = l.job_id
                  JOIN job_outputs o ON o.artifact_id = i.artifact_id)
                SELECT count(DISTINCT job_id) FROM lineage""");
        assertThat(upstream).containsExactly("3");
    }

    @Test
    void c2CodeIsNotDataUnlessAskedFor() throws Exception {
        Project p = project();
        p.run(0, "python3", "preprocess.py");
        assertThat(p.lastJob().inputs()).isEqualTo(set("input.csv"));
        assertThat(p.roar("config", "set", "output.track_repo_files", "true").exitCode()).isZero();
        p.run(0, "python3", "preprocess.py");
        assertThat(p.lastJob().inputs()).isEqualTo(set("input.csv", "preprocess.py"));
    }

    @Test
    void c3TheRecordedCommandIsWhatTheUserTyped() throws Exception {
        Project p = project();
        p.write("train.sh", "#!/bin/sh\ncat input.csv > copy.csv\n");
        Files.setPosixFilePermissions(p.root.resolve("train.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        p.commitAll("script");
        p.run(0, "./train.sh");
        assertThat(p.lastJob().command()).isEqualTo("./train.sh");
        assertThat(p.lastJob().outputs()).isEqualTo(set("copy.csv"));
        p.run(0, "env", "FOO=1", "python3", "-c", "print('x y')");
        assertThat(p.lastJob().command()).isEqualTo("env FOO=1 python3 -c 'print('\\''x y'\\'')'");
        for (int i = 0; i < 5; i++) {
            p.run(0, "/usr/bin/true");
        }
        assertThat(p.jobs()).filteredOn(j -> j.command().equals("/usr/bin/true")).hasSize(5);
    }

    @Test
    void c4ExitCodesPassThroughAndFailedJobsAreRecorded() throws Exception {
        Project p = project();
        RoarProcess.Result failed = p.run(3, "python3", "-c", "import sys; sys.exit(3)");
        assertThat(failed.err()).contains("roar: failed").contains("exit 3");
        assertThat(p.lastJob().exitCode()).isEqualTo(3);
        p.run(137, "sh", "-c", "kill -9 $$");
        assertThat(p.lastJob().exitCode()).isEqualTo(137);
    }

    @Test
    void c5AndC6WriteOpenWithoutWritingVersusANewEmptyFile() throws Exception {
        Project p = project();
        p.run(0, "python3", "-c", "open('input.csv', 'a').close()");
        assertThat(p.lastJob().outputs()).isEmpty();
        p.run(0, "touch", "done.flag");
        assertThat(p.lastJob().outputs()).isEqualTo(set("done.flag"));
    }

    @Test
    void c7FdReuseDupAndFailedDup() throws Exception {
        Project p = project();
        p.write("a.txt", "aaa");
        p.write("c.txt", "ccc");
        p.write("fds.py", """
                import os
                fd = os.open('a.txt', os.O_RDONLY); os.read(fd, 3); os.close(fd)
                fd2 = os.open('b.txt', os.O_WRONLY | os.O_CREAT | os.O_TRUNC); os.write(fd2, b'b')
                other = os.open('c.txt', os.O_RDONLY)
                os.dup2(fd2, other); os.write(other, b'b')
                try:
                    os.dup2(12345, other)
                except OSError:
                    pass
                os.write(other, b'b')
                """);
        p.commitAll("fds");
        p.run(0, "python3", "fds.py");
        assertThat(p.lastJob().inputs()).isEqualTo(set("a.txt"));
        assertThat(p.lastJob().outputs()).isEqualTo(set("b.txt"));
    }

    @Test
    void c8ShellPlumbing() throws Exception {
        Project p = project();
        p.write("a", "abc\n");
        p.commitAll("a");
        p.run(0, "bash", "-c", "echo hi > x");
        assertThat(p.lastJob().outputs()).isEqualTo(set("x"));
        p.run(0, "bash", "-c", "cat a | tr a-z A-Z > b");
        assertThat(p.lastJob().inputs()).isEqualTo(set("a"));
        assertThat(p.lastJob().outputs()).isEqualTo(set("b"));
        p.run(0, "bash", "-c", "awk 1 a > y; cat y");
        assertThat(p.lastJob().inputs()).isEqualTo(set("a"));
        assertThat(p.lastJob().outputs()).isEqualTo(set("y"));
    }

    @Test
    void c9PublishByRenameOrLink() throws Exception {
        Project p = project();
        p.run(0, "python3", "-c", "import os\nopen('tmp.part','w').write('data')\nos.rename('tmp.part','final.bin')");
        assertThat(p.lastJob().outputs()).isEqualTo(set("final.bin"));
        p.run(0, "python3", "-c", "import os\nopen('t2','w').write('x')\nos.link('t2','linked.bin')\nos.unlink('t2')");
        assertThat(p.lastJob().outputs()).isEqualTo(set("linked.bin"));
    }

    @Test
    void c10Mmap() throws Exception {
        Project p = project();
        p.write("mm.py", """
                import mmap, os
                with open('input.csv', 'rb') as f:
                    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ); m[0]; m.close()
                fd = os.open('out.bin', os.O_RDWR | os.O_CREAT | os.O_TRUNC)
                os.ftruncate(fd, 4096)
                m = mmap.mmap(fd, 4096); m[0] = 1; m.close()
                """);
        p.commitAll("mm");
        p.run(0, "python3", "mm.py");
        assertThat(p.lastJob().inputs()).isEqualTo(set("input.csv"));
        assertThat(p.lastJob().outputs()).isEqualTo(set("out.bin"));
    }

    @Test
    void c11ProcessesAndThreads() throws Exception {
        Project p = project();
        p.write("par.py", """
                import multiprocessing, threading
                def work(i):
                    open(f'out_{i}', 'w').write(str(i))
                if __name__ == '__main__':
                    with multiprocessing.get_context('fork').Pool(4) as pool:
                        pool.map(work, range(4))
                    ts = [threading.Thread(target=lambda i=i: open(f't_{i}', 'w').write(str(i))) for i in range(4)]
                    [t.start() for t in ts]; [t.join() for t in ts]
                """);
        p.commitAll("par");
        p.run(0, "python3", "par.py");
        assertThat(p.lastJob().outputs()).isEqualTo(set("out_0", "out_1", "out_2", "out_3", "t_0", "t_1", "t_2", "t_3"));
        // Every exec'd program is listed with its argv (pool workers are forks, not execs).
        assertThat(p.lastJob().metadata()).containsPattern("\\{\"pid\":\\d+,\"parent_pid\":\\d+,\"argv\":\\[[^]]*\"par.py\"\\]\\}");
    }

    @Test
    void c12ShortLivedStorm() throws Exception {
        Project p = project();
        p.run(0, "bash", "-c", "for i in $(seq 100); do sh -c \"echo $i > f_$i\"; done");
        assertThat(p.lastJob().outputs()).hasSize(100).allSatisfy(o -> assertThat(o).startsWith("f_"));
    }

    @Test
    void c13StaticBinary() throws Exception {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            Process install = new ProcessBuilder("sh", "-c", "apt-get install -y -q busybox-static >/dev/null 2>&1 || "
                    + "(apt-get update -q >/dev/null 2>&1 && apt-get install -y -q busybox-static >/dev/null 2>&1)")
                    .inheritIO().start();
            install.waitFor(300, TimeUnit.SECONDS);
        }
        Assumptions.assumeTrue(Files.isExecutable(busybox), "busybox-static is not installed and could not be installed with apt");
        Project p = project();
        p.run(0, busybox.toString(), "cp", "input.csv", "copy.csv");
        assertThat(p.lastJob().inputs()).contains("input.csv");
        assertThat(p.lastJob().outputs()).isEqualTo(set("copy.csv"));
    }

    @Test
    void c14RelativePaths() throws Exception {
        Project p = project();
        p.write("sub/keep", "");
        p.write("data/y", "y");
        p.write("x", "x");
        p.write("rel.py", """
                import os
                os.chdir('sub')
                open('../x').read()
                d = os.open('../data', os.O_RDONLY | os.O_DIRECTORY)
                os.read(os.open('y', os.O_RDONLY, dir_fd=d), 1)
                open('made_here', 'w').write('z')
                """);
        p.commitAll("rel");
        p.run(0, "python3", "rel.py");
        assertThat(p.lastJob().inputs()).isEqualTo(set("data/y", "x"));
        assertThat(p.lastJob().outputs()).isEqualTo(set("sub/made_here"));
    }

    @Test
    void c15HardNamesAreExactInTheStoreAndEscapedInTheReport() throws Exception {
        Project p = project();
        p.write("names.py", """
                import os
                deep = os.path.join(*(['d' * 100] * 3))
                os.makedirs(deep, exist_ok=True)
                open(os.path.join(deep, 'long.txt'), 'w').write('x')
                open('with space', 'w').write('x')
                open('new\\nline', 'w').write('x')
                open(b'bad\\xffname', 'wb').write(b'x')
                """);
        p.commitAll("names");
        RoarProcess.Result result = p.run(0, "python3", "names.py", "-v");
        Project.JobRow job = p.lastJob();
        assertThat(job.outputs()).contains("with space", "new\\nline", "bad\\xffname",
                String.join("/", "d".repeat(100), "d".repeat(100), "d".repeat(100), "long.txt"));
        assertThat(job.rawOutputs()).anySatisfy(raw -> assertThat(raw).endsWith((byte) 'b', (byte) 'a', (byte) 'd', (byte) 0xff,
                (byte) 'n', (byte) 'a', (byte) 'm', (byte) 'e'));
        assertThat(job.rawOutputs()).anySatisfy(raw -> assertThat(raw.length).isGreaterThan(300));
        assertThat(result.err()).contains("bad\\xffname").contains("new\\nline");
    }

    @Test
    void c16Filters() throws Exception {
        Project p = project();
        Path outside = Files.createTempFile("roar-c16-input", ".csv");
        Files.writeString(outside, "1,2\n");
        try {
            p.write("f.py", """
                    import json, csv, sys
                    open('/etc/hostname').read()
                    open('/tmp/roar_c16_scratch_%s', 'w').write('s')
                    open('/tmp/roar_c16_scratch_%s').read()
                    open(sys.argv[1]).read()
                    open('out.txt', 'w').write('o')
                    """.formatted(ProcessHandle.current().pid(), ProcessHandle.current().pid()));
            p.commitAll("f");
            RoarProcess.Result result = p.run(0, "-vv", "python3", "f.py", outside.toString());
            assertThat(p.lastJob().inputs()).isEqualTo(set(outside.toString()));
            assertThat(p.lastJob().outputs()).isEqualTo(set("out.txt"));
            assertThat(result.err()).contains("dropped as system files").contains("/etc/hostname")
                    .contains("dropped as installed packages and interpreters").contains("site-packages")
                    .contains("dropped as job-private /tmp scratch").contains("/tmp/roar_c16_scratch_");
        } finally {
            Files.deleteIfExists(outside);
            Files.deleteIfExists(Path.of("/tmp/roar_c16_scratch_" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void c17Hashes() throws Exception {
        Project p = project();
        p.run(0, "--hash", "sha256", "sh", "-c", "cp input.csv a.csv; cp input.csv b.csv");
        List<String> artifacts = p.query("SELECT DISTINCT artifact_id FROM job_outputs");
        assertThat(artifacts).hasSize(1);
        assertThat(p.query("SELECT algorithm FROM artifact_hashes WHERE artifact_id = '" + artifacts.getFirst() + "' ORDER BY algorithm"))
                .containsExactly("blake3", "sha256");
        assertThat(p.query("SELECT count(*) FROM artifacts WHERE hash IS NULL OR length(hash) != 64")).containsExactly("0");
        // BLAKE3 of the bytes, as the reference implementation computes it.
        String blake3 = p.query("SELECT digest FROM artifact_hashes WHERE algorithm = 'blake3' AND artifact_id = '"
                + artifacts.getFirst() + "'").getFirst();
        assertThat(blake3).isEqualTo(dev.roar.core.hash.HashAlgorithm.BLAKE3.digest(Files.readAllBytes(p.root.resolve("input.csv"))));
    }

    @Test
    void c18StdioPassesThroughAndCtrlCReachesTheCommand() throws Exception {
        Project p = project();
        RoarProcess.Result cat = RoarProcess.run(p.root, Map.of(), "piped bytes\n", "run", "-q", "cat");
        assertThat(cat.exitCode()).as(cat.toString()).isZero();
        assertThat(cat.out()).isEqualTo("piped bytes\n");

        p.write("wait.py", """
                import signal, sys, time
                def stop(*_):
                    open('got_sigint', 'w').write('1'); sys.exit(5)
                signal.signal(signal.SIGINT, stop)
                open('ready', 'w').write('1')
                time.sleep(60)
                """);
        p.commitAll("wait");
        Process roar = foreground(p.root, "run", "python3", "wait.py").redirectErrorStream(true)
                .redirectOutput(dir.resolve("../roar-c18.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(p.root.resolve("ready")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(p.root.resolve("ready")).exists();
            // What a terminal does on Ctrl-C: SIGINT to the whole foreground process group.
            new ProcessBuilder("kill", "-INT", "--", "-" + roar.pid()).start().waitFor();
            assertThat(roar.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(roar.exitValue()).isEqualTo(5);
            assertThat(p.root.resolve("got_sigint")).exists();
            assertThat(p.lastJob().exitCode()).isEqualTo(5);
        } finally {
            roar.destroyForcibly();
        }
    }

    /**
     * roar in its own process group, as a terminal's foreground job, with SIGINT at its default: a test JVM
     * started in a script's background has SIGINT ignored, and roar (rightly) keeps an ignored signal ignored.
     */
    private static ProcessBuilder foreground(Path directory, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("setsid", "env", "--default-signal=INT", RoarProcess.LAUNCHER.toString()));
        command.addAll(List.of(args));
        return RoarProcess.builder(directory, command);
    }

    @Test
    void signalsIgnoredWhenRoarStartsStayIgnoredInTheCommand() throws Exception {
        Project p = project();
        String report = "grep ^SigIgn: /proc/self/status";
        // What `nohup` and a script's `&` do: SIGHUP and SIGINT ignored by the time roar starts.
        DirectAndTraced run = underPrelude(p, "trap '' HUP INT; exec \"$@\"", report);
        long expected = ignoredMask(run.direct().out());
        assertThat(expected & 0b11).as("the shell ignored SIGHUP and SIGINT: " + run.direct()).isEqualTo(0b11);
        // Signals 1-31: above them glibc keeps its own two (SIGCANCEL, SIGSETXID) ignored in children of threads.
        assertThat(ignoredMask(run.traced().out()) & 0x7fffffffL).as(run.traced().toString()).isEqualTo(expected & 0x7fffffffL);

        // And nothing ignored comes from roar itself: its JVM handles signals, it does not ignore them.
        RoarProcess.Result plain = RoarProcess.exec(p.root, Map.of(), null,
                List.of("env", "--default-signal", RoarProcess.LAUNCHER.toString(), "run", "-q", "sh", "-c", report));
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(ignoredMask(plain.out()) & 0x7fffffffL).as(plain.toString()).isZero();
    }

    @Test
    void theCommandGetsTheOpenFilesLimitRoarWasStartedWith() throws Exception {
        Project p = project();
        String report = "ulimit -Sn; ulimit -Hn";
        // A desktop shell's soft limit is often 1024 with a far higher hard one; the JVM raises its own to the hard.
        DirectAndTraced run = underPrelude(p, "ulimit -Sn 256; exec \"$@\"", report);
        assertThat(run.direct().out()).startsWith("256\n");
        assertThat(run.traced().out()).as(run.traced().toString()).isEqualTo(run.direct().out());
    }

    private record DirectAndTraced(RoarProcess.Result direct, RoarProcess.Result traced) {
    }

    /**
     * {@code report} (a shell command) run by a shell that first runs {@code prelude} and then execs its
     * arguments: once directly, once under `roar run -q`, which must succeed.
     */
    private static DirectAndTraced underPrelude(Project p, String prelude, String report) {
        RoarProcess.Result direct = RoarProcess.exec(p.root, Map.of(), null, List.of("sh", "-c", prelude, "sh", "sh", "-c", report));
        RoarProcess.Result traced = RoarProcess.exec(p.root, Map.of(), null,
                List.of("sh", "-c", prelude, "sh", RoarProcess.LAUNCHER.toString(), "run", "-q", "sh", "-c", report));
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        return new DirectAndTraced(direct, traced);
    }

    private static long ignoredMask(String statusLine) {
        return Long.parseUnsignedLong(statusLine.strip().substring("SigIgn:".length()).strip(), 16);
    }

    @Test
    void aSecondCtrlCStopsTheCommandAndExits130AfterRecording() throws Exception {
        Project p = project();
        p.write("stubborn.py", """
                import signal, time
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                open('partial.out', 'w').write('some work')
                open('ready', 'w').write('1')
                time.sleep(60)
                """);
        p.commitAll("stubborn");
        Process roar = foreground(p.root, "run", "python3", "stubborn.py").redirectErrorStream(true)
                .redirectOutput(dir.resolve("../roar-abort.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(p.root.resolve("ready")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (int i = 0; i < 2; i++) {
                new ProcessBuilder("kill", "-INT", "--", "-" + roar.pid()).start().waitFor();
                Thread.sleep(300);
            }
            assertThat(roar.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(roar.exitValue()).isEqualTo(130);
            assertThat(p.lastJob().exitCode()).isEqualTo(137);
            assertThat(p.lastJob().outputs()).contains("partial.out");
        } finally {
            roar.destroyForcibly();
        }
    }

    @Test
    void badInput() throws Exception {
        Project p = project();
        RoarProcess.Result missing = p.roar("run", "nosuchcmd");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.err()).contains("command not found: nosuchcmd");
        RoarProcess.Result empty = p.roar("run");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("COMMAND");
        p.write("dirty.txt", "x");
        RoarProcess.Result dirty = p.roar("run", "true");
        assertThat(dirty.exitCode()).isEqualTo(1);
        assertThat(dirty.err()).contains("Run blocked: working tree is dirty.").contains("dirty.txt");
        assertThat(p.jobs()).isEmpty();
        // A file the job wrote and then deleted is scratch; one deleted after the job never crashes roar.
        Files.delete(p.root.resolve("dirty.txt"));
        p.run(0, "sh", "-c", "echo x > gone; rm gone; echo y > kept");
        assertThat(p.lastJob().outputs()).isEqualTo(set("kept"));
    }

    @Test
    void aCorruptStoreStopsTheRunBeforeTheCommandRuns() throws Exception {
        Project p = project();
        Path store = p.root.resolve(".roar/roar.db");
        byte[] garbage = "not a database, a file some tool overwrote".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(store, garbage);
        assertRunRefusedBeforeTheCommand(p, store).contains("is not a roar store").contains("roar init");
    }

    @Test
    void aStoreOfANewerRoarStopsTheRunBeforeTheCommandRuns() throws Exception {
        Project p = project();
        Path store = p.root.resolve(".roar/roar.db");
        // What a roar of a later schema leaves: the version in its table and in the file's header.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store);
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version = 99");
            s.execute("PRAGMA user_version = 99");
        }
        assertRunRefusedBeforeTheCommand(p, store).contains("written by a newer roar").contains("99");
    }

    /** `roar run` that must fail (exit 1) before its command creates a file, leaving the store as it was; its stderr. */
    private static org.assertj.core.api.AbstractStringAssert<?> assertRunRefusedBeforeTheCommand(Project p, Path store) throws Exception {
        byte[] before = Files.readAllBytes(store);
        RoarProcess.Result result = p.roar("run", "sh", "-c", "echo ran > ran.txt");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(p.root.resolve("ran.txt")).as("the command must not have run").doesNotExist();
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        return assertThat(result.err());
    }

    @Test
    void theCommandGetsTheDescriptorsRoarWasGivenAndNoneOfTheJvms() throws Exception {
        Project p = project();
        // As a make jobserver or a `7<file` redirection would: fd 7 must reach the command, roar.jar's must not.
        RoarProcess.Result result = RoarProcess.exec(p.root, Map.of(), null, List.of("bash", "-c",
                "exec 7</dev/null; exec \"$0\" run -q sh -c 'cd /proc/self/fd && echo *'", RoarProcess.LAUNCHER.toString()));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // 3 is the shell's own descriptor for the directory its glob is listing.
        assertThat(result.out().strip().split(" ")).as(result.toString()).containsExactlyInAnyOrder("0", "1", "2", "3", "7");
    }
}
