package dev.roar.trace.ptrace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracing contract's scenarios on real processes under the ptrace backend. */
class PtraceScenariosTest {
    @TempDir
    Path dir;

    /** The backend as roar uses it: holding copies of open files where the kernel allows (it does here). */
    PtraceBackend backend() {
        return new PtraceBackend();
    }

    TracedRun run(String... argv) throws Exception {
        return TracedRun.run(backend(), dir, argv);
    }

    private TracedRun python(String code) throws Exception {
        Files.writeString(dir.resolve("job.py"), code);
        TracedRun run = run("python3", "job.py");
        assertThat(run.report.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void c4ExitCodesPassThroughAndAKilledChildIs128PlusSignal() throws Exception {
        assertThat(run("sh", "-c", "exit 3").report.exitCode()).isEqualTo(3);
        assertThat(run("sh", "-c", "kill -9 $$").report.exitCode()).isEqualTo(137);
    }

    @Test
    void c5AndC6OpenForWriteWithoutWritingIsNotAnOutputButANewEmptyFileIs() throws Exception {
        Files.writeString(dir.resolve("existing.txt"), "");
        TracedRun run = python("open('existing.txt', 'a').close()\nopen('done.flag', 'w').close()\n");
        assertThat(run.under(dir)).as(run.toString()).doesNotContainKey("existing.txt").containsEntry("done.flag", "out");
    }

    @Test
    void c7FdReuseAndDup2KeepTheirMeaning() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "aaa");
        Files.writeString(dir.resolve("c.txt"), "ccc");
        TracedRun run = python("""
                import os
                fd = os.open('a.txt', os.O_RDONLY); os.read(fd, 3); os.close(fd)
                fd2 = os.open('b.txt', os.O_WRONLY | os.O_CREAT | os.O_TRUNC); assert fd2 == fd
                os.write(fd2, b'b')
                other = os.open('c.txt', os.O_RDONLY)
                os.dup2(fd2, other)          # other now names b.txt
                os.write(other, b'b')
                try:
                    os.dup2(999, other)      # fails: mapping intact
                except OSError:
                    pass
                os.write(other, b'b')
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("a.txt", "in").containsEntry("b.txt", "out")
                .doesNotContainKey("c.txt");
        assertThat(dir.resolve("b.txt")).hasContent("bbb");
    }

    @Test
    void c8ShellPlumbing() throws Exception {
        Files.writeString(dir.resolve("a"), "x\n");
        TracedRun run = run("bash", "-c", "echo hi > x1; awk 1 a > x; cat x > /dev/null");
        assertThat(run.under(dir)).as(run.toString())
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "in", "x", "out", "x1", "out"));
    }

    @Test
    void c9PublishedByRenameOrLink() throws Exception {
        TracedRun run = python("""
                import os
                with open('tmp.part', 'wb') as f: f.write(b'data')
                os.rename('tmp.part', 'final.bin')
                with open('t2', 'wb') as f: f.write(b'x')
                os.link('t2', 'linked.bin'); os.unlink('t2')
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("final.bin", "out").containsEntry("linked.bin", "out")
                .doesNotContainKeys("tmp.part", "t2");
    }

    @Test
    void c10MmapReadIsAnInputAndTruncatedThenMappedIsOutputOnly() throws Exception {
        Files.write(dir.resolve("weights.bin"), new byte[8192]);
        TracedRun run = python("""
                import mmap, os
                with open('weights.bin', 'rb') as f:
                    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ); m[0]; m.close()
                fd = os.open('out.bin', os.O_RDWR | os.O_CREAT | os.O_TRUNC)
                os.ftruncate(fd, 4096)
                m = mmap.mmap(fd, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE); m[0] = 1; m.close()
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("weights.bin", "in").containsEntry("out.bin", "out");
    }

    @Test
    void c11ProcessesAndThreadsAreAllFollowed() throws Exception {
        TracedRun run = python("""
                import multiprocessing, threading
                def work(i):
                    with open(f'out_{i}', 'w') as f: f.write(str(i))
                def thread_work(i):
                    with open(f't_{i}', 'w') as f: f.write(str(i))
                if __name__ == '__main__':
                    with multiprocessing.get_context('fork').Pool(4) as pool:
                        pool.map(work, range(4))
                    threads = [threading.Thread(target=thread_work, args=(i,)) for i in range(4)]
                    [t.start() for t in threads]; [t.join() for t in threads]
                """);
        Map<String, String> verdicts = run.under(dir);
        for (int i = 0; i < 4; i++) {
            assertThat(verdicts).as(run.toString()).containsEntry("out_" + i, "out").containsEntry("t_" + i, "out");
        }
        assertThat(run.report.processes()).anySatisfy(p -> assertThat(p.argv()).contains("job.py"));
    }

    @Test
    void c12ShortLivedStormMissesNothing() throws Exception {
        TracedRun run = run("bash", "-c", "for i in $(seq 100); do sh -c \"echo $i > f_$i\"; done");
        assertThat(run.report.exitCode()).isZero();
        assertThat(run.under(dir)).as(run.toString()).hasSize(100).allSatisfy((path, verdict) -> assertThat(verdict).isEqualTo("out"));
    }

    @Test
    void c14RelativePathsResolveAgainstChdirAndDirFds() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("x"), "x");
        Files.writeString(dir.resolve("data/y"), "y");
        TracedRun run = python("""
                import os
                os.chdir('sub')
                open('../x').read()
                d = os.open('../data', os.O_RDONLY | os.O_DIRECTORY)
                fd = os.open('y', os.O_RDONLY, dir_fd=d); os.read(fd, 1)
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("x", "in").containsEntry("data/y", "in");
        assertThat(run.report.unresolvedPaths()).isZero();
    }

    @Test
    void c15LongAndHardNamesAreRecordedByteForByte() throws Exception {
        Path deep = dir;
        for (int i = 0; i < 4; i++) {
            deep = Files.createDirectories(deep.resolve("d".repeat(80)));
        }
        TracedRun run = python("""
                import os
                deep = os.path.join(*(['d' * 80] * 4))
                open(os.path.join(deep, 'long.txt'), 'w').write('x')
                open('with space\\nand newline', 'w').write('x')
                open(b'bad\\xffname', 'wb').write(b'x')
                """);
        Map<String, String> verdicts = run.under(dir);
        assertThat(verdicts).as(run.toString()).containsEntry(("d".repeat(80) + "/").repeat(4) + "long.txt", "out")
                .containsEntry("with space\\nand newline", "out").containsEntry("bad\\xffname", "out");
        byte[] badName = {'/', 'b', 'a', 'd', (byte) 0xff, 'n', 'a', 'm', 'e'};
        assertThat(run.report.files()).anySatisfy(f -> assertThat(f.path().toByteArray()).endsWith(badName));
    }

    @Test
    void readThenWriteOfTheSameFileIsBoth() throws Exception {
        Files.writeString(dir.resolve("counter"), "1");
        TracedRun run = python("""
                with open('counter', 'r+') as f:
                    n = int(f.read()); f.seek(0); f.write(str(n + 1))
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("counter", "in+out");
    }

    @Test
    void stdoutAndStderrOfTheCommandPassThrough() throws Exception {
        TracedRun run = run("sh", "-c", "echo out; echo err >&2");
        assertThat(run.stdout).isEqualTo("out\n");
        assertThat(run.stderr).isEqualTo("err\n");
    }

    @Test
    void theCommandGetsOnlyStdioNotTheDescriptorsThisJvmHasOpen() throws Exception {
        // Surefire's JVM holds jars and pipes without close-on-exec; none of them may reach the command.
        try (var held = new java.io.FileInputStream(Files.createFile(dir.resolve("held.txt")).toFile())) {
            TracedRun run = run("sh", "-c", "cd /proc/self/fd && echo *");
            // The shell's glob holds its own directory descriptor (the lowest free one, 3) while listing.
            assertThat(run.stdout.strip().split(" ")).as(run.toString()).containsExactlyInAnyOrder("0", "1", "2", "3");
        }
    }

    // close(2) does not stop the tracee (the backend holds copies of open files): what was done through
    // a descriptor must still be seen however it went away.

    @Test
    void aFileClosedWithoutAStopIsSeenWhenItsProcessExits() throws Exception {
        Files.writeString(dir.resolve("read.txt"), "data");
        Files.writeString(dir.resolve("opened-only.txt"), "data");
        TracedRun run = python("""
                import os
                fd = os.open('opened-only.txt', os.O_RDONLY); os.close(fd)
                fd = os.open('written.txt', os.O_WRONLY | os.O_CREAT); os.write(fd, b'x')
                other = os.open('read.txt', os.O_RDONLY); os.read(other, 2); os.close(other); os.close(fd)
                os._exit(0)                                 # neither number is used again: seen at exit
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("read.txt", "in").containsEntry("written.txt", "out")
                .doesNotContainKey("opened-only.txt");
    }

    @Test
    void aChildReadingThroughAnInheritedDescriptorAfterTheParentClosedIt() throws Exception {
        Files.writeString(dir.resolve("shared.txt"), "data");
        Files.writeString(dir.resolve("other.txt"), "x");
        TracedRun run = python("""
                import os
                fd = os.open('shared.txt', os.O_RDONLY)
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.read(r, 1)                      # wait until the parent has closed and reused the number
                    os.read(fd, 4); os.close(fd)
                    os._exit(0)
                os.close(fd)
                again = os.open('other.txt', os.O_RDONLY)   # the lowest free number: fd's
                os.write(w, b'go')
                os.waitpid(pid, 0)
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("shared.txt", "in").doesNotContainKey("other.txt");
    }

    @Test
    void writesThroughADuplicateOutliveTheOriginalNumber() throws Exception {
        TracedRun run = python("""
                import os
                fd = os.open('out.txt', os.O_WRONLY | os.O_CREAT)
                copy = os.dup(fd); os.close(fd)
                reuse = os.open('job.py', os.O_RDONLY)      # takes fd's number back
                os.write(copy, b'x'); os.close(copy)
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("out.txt", "out");
    }

    @Test
    void aFileWrittenClosedAndDeletedIsScratchAndAWriteThenReadIsOnlyAnOutput() throws Exception {
        TracedRun run = python("""
                import os
                with open('scratch.tmp', 'w') as f: f.write('x')
                os.unlink('scratch.tmp')
                with open('result.txt', 'w') as f: f.write('y')
                with open('result.txt') as f: f.read()
                """);
        assertThat(run.under(dir)).as(run.toString()).doesNotContainKey("scratch.tmp").containsEntry("result.txt", "out");
    }

    @Test
    void aScriptWrittenAndClosedCanBeRunAtOnceByTheSameProcess() throws Exception {
        // The tracer's copy of a file opened for writing must not outlive the tracee's close at an exec:
        // the kernel refuses to run a file open for writing (ETXTBSY).
        TracedRun run = python("""
                import os, subprocess
                fd = os.open('step.sh', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o755)
                os.write(fd, b'#!/bin/sh\\necho ran > ran.txt\\n'); os.close(fd)
                subprocess.run(['./step.sh'], check=True)
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("step.sh", "out").containsEntry("ran.txt", "out");
    }

    @Test
    void aLockReleasedByClosingItsDescriptorIsReleased() throws Exception {
        // flock locks belong to the open file description: a copy held by the tracer would keep it locked.
        TracedRun run = python("""
                import fcntl, os, subprocess
                fd = os.open('job.lock', os.O_RDWR | os.O_CREAT)
                fcntl.flock(fd, fcntl.LOCK_EX); os.close(fd)
                subprocess.run(['python3', '-c', 'import fcntl, os; fcntl.flock(os.open("job.lock", os.O_RDONLY), fcntl.LOCK_EX | fcntl.LOCK_NB)'],
                               check=True)
                """);
        assertThat(run.report.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void aCloseOnExecFileStillOpenAtExecIsSeen() throws Exception {
        Files.writeString(dir.resolve("config.txt"), "data");
        TracedRun run = python("""
                import os
                f = open('config.txt')            # Python opens with O_CLOEXEC
                f.read()
                os.execv('/bin/sh', ['sh', '-c', 'echo done > after.txt'])
                """);
        assertThat(run.under(dir)).as(run.toString()).containsEntry("config.txt", "in").containsEntry("after.txt", "out");
    }
}
