package dev.roar.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same command under ptrace and under eBPF, each in a fresh copy of the fixture: the recorded
 * inputs and outputs must be identical. One case per capture scenario (C1-C17), with its command.
 */
class BackendDifferentialIT {
    @TempDir
    Path dir;

    private static final Map<String, String> FILES = Map.of(
            "a.txt", "aaa", "c.txt", "ccc", "sub/keep", "", "data/y", "y",
            "fds.py", """
                    import os
                    fd = os.open('a.txt', os.O_RDONLY); os.read(fd, 3); os.close(fd)
                    fd2 = os.open('b.txt', os.O_WRONLY | os.O_CREAT | os.O_TRUNC); os.write(fd2, b'b')
                    other = os.open('c.txt', os.O_RDONLY)
                    os.dup2(fd2, other); os.write(other, b'b')
                    """,
            "mm.py", """
                    import mmap, os
                    with open('input.csv', 'rb') as f:
                        m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ); m[0]; m.close()
                    fd = os.open('out.bin', os.O_RDWR | os.O_CREAT | os.O_TRUNC)
                    os.ftruncate(fd, 4096)
                    m = mmap.mmap(fd, 4096); m[0] = 1; m.close()
                    """,
            "par.py", """
                    import multiprocessing, threading
                    def work(i):
                        open(f'out_{i}', 'w').write(open('input.csv').read()[:i])
                    if __name__ == '__main__':
                        with multiprocessing.get_context('fork').Pool(4) as pool:
                            pool.map(work, range(4))
                        ts = [threading.Thread(target=lambda i=i: open(f't_{i}', 'w').write(str(i))) for i in range(4)]
                        [t.start() for t in ts]; [t.join() for t in ts]
                    """,
            "rel.py", """
                    import os
                    os.chdir('sub')
                    open('../a.txt').read()
                    d = os.open('../data', os.O_RDONLY | os.O_DIRECTORY)
                    os.read(os.open('y', os.O_RDONLY, dir_fd=d), 1)
                    open('made_here', 'w').write('z')
                    """,
            "names.py", """
                    import os
                    deep = os.path.join(*(['d' * 100] * 3))
                    os.makedirs(deep, exist_ok=True)
                    open(os.path.join(deep, 'long.txt'), 'w').write(open('a.txt').read())
                    open('with space', 'w').write('x')
                    open(b'bad\\xffname', 'wb').write(b'x')
                    """);

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("C1 pipeline step", List.of("python3", "preprocess.py")),
                Arguments.of("C4 failing command", List.of("sh", "-c", "cat input.csv > partial.txt; exit 3")),
                Arguments.of("C5 open for append, nothing written", List.of("python3", "-c", "open('input.csv', 'a').close()")),
                Arguments.of("C6 new empty file", List.of("touch", "done.flag")),
                Arguments.of("C7 fd reuse and dup2", List.of("python3", "fds.py")),
                Arguments.of("C8 shell plumbing", List.of("bash", "-c", "cat a.txt | tr a-z A-Z > b; awk 1 c.txt > y; cat y")),
                Arguments.of("C9 rename and link", List.of("python3", "-c",
                        "import os\nopen('tmp.part','w').write('data')\nos.rename('tmp.part','final.bin')\n"
                                + "open('t2','w').write('x')\nos.link('t2','linked.bin')\nos.unlink('t2')")),
                Arguments.of("C10 mmap", List.of("python3", "mm.py")),
                Arguments.of("C11 processes and threads", List.of("python3", "par.py")),
                Arguments.of("C12 short-lived storm", List.of("bash", "-c", "for i in $(seq 50); do sh -c \"cat a.txt > f_$i\"; done")),
                Arguments.of("C14 relative paths", List.of("python3", "rel.py")),
                Arguments.of("C15 hard names", List.of("python3", "names.py")),
                Arguments.of("C16 scratch in /tmp and deletions", List.of("sh", "-c",
                        "cat input.csv > /tmp/roar-diff-scratch.$$; rm /tmp/roar-diff-scratch.$$; rm c.txt; cp a.txt a2.txt")),
                Arguments.of("C17 large file", List.of("sh", "-c", "head -c 3000000 /dev/zero > big.bin; cat big.bin input.csv > /dev/null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void bothBackendsRecordTheSameInputsAndOutputs(String name, List<String> command) throws Exception {
        Project.JobRow ptrace = runUnder("ptrace", command);
        Project.JobRow ebpf = runUnder("ebpf", command);
        assertThat(ebpf.inputs()).as("%s: inputs (ptrace: %s)", name, ptrace.inputs()).isEqualTo(ptrace.inputs());
        assertThat(ebpf.outputs()).as("%s: outputs (ptrace: %s)", name, ptrace.outputs()).isEqualTo(ptrace.outputs());
        assertThat(ebpf.exitCode()).isEqualTo(ptrace.exitCode());
    }

    private Project.JobRow runUnder(String tracer, List<String> command) throws Exception {
        Project p = Project.create(Files.createDirectory(dir.resolve(tracer)), tracer);
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            p.write(file.getKey(), file.getValue());
        }
        p.commitAll("fixtures");
        RoarProcess.Result result = p.roar(Stream.concat(Stream.of("run"), command.stream()).toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isIn(0, 3);
        assertThat(p.query("SELECT tracer_backend FROM jobs")).containsExactly(tracer);
        return p.lastJob();
    }
}
