package dev.roar.trace;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Signals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command and every process under it, found through /proc parent links at the moment of asking. Used to
 * stop a whole job (a step timeout): signalling the first process alone would leave a shell's children running.
 */
final class ProcessTree {
    private ProcessTree() {
    }

    static void signal(int rootPid, int signal) {
        if (rootPid <= 0) {
            return;
        }
        List<Integer> tree = descendantsAndSelf(rootPid);
        try (CallState state = new CallState()) {
            for (int pid : tree) {
                Signals.kill(state, pid, signal);
            }
        }
    }

    static List<Integer> descendantsAndSelf(int rootPid) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                int ppid = parentOf(proc);
                if (ppid > 0) {
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Integer.parseInt(proc.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // Without /proc only the first process can be named.
        }
        List<Integer> out = new ArrayList<>();
        Deque<Integer> work = new ArrayDeque<>(List.of(rootPid));
        while (!work.isEmpty()) {
            int pid = work.pop();
            out.add(pid);
            work.addAll(children.getOrDefault(pid, List.of()));
        }
        return out;
    }

    /** The ppid field of /proc/PID/stat: the fourth, counted after the command name's closing parenthesis. */
    private static int parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile, or not readable: not part of the tree we can name
        }
    }
}
