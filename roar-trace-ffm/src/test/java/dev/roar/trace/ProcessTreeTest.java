package dev.roar.trace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeTest {
    @Test
    void signalsTheWholeTreeNotJustItsFirstProcess() throws Exception {
        // A shell waiting on two children: killing the shell alone would leave both sleeping.
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 & sleep 60 & wait").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Integer> tree = List.of();
            while (System.nanoTime() < deadline && tree.size() < 3) {
                tree = ProcessTree.descendantsAndSelf((int) shell.pid());
                Thread.sleep(20);
            }
            assertThat(tree).hasSize(3).startsWith((int) shell.pid());
            List<ProcessHandle> children = shell.descendants().toList();

            ProcessTree.signal((int) shell.pid(), 15);

            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
