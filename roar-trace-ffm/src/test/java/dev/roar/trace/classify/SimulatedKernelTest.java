package dev.roar.trace.classify;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;
import dev.roar.trace.ring.EventRing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static dev.roar.trace.classify.OpenFlags.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property test: a tiny simulated kernel runs random sequences of open/read/write/close/dup/fork/
 * thread/chdir/rename/unlink/exec. It knows which file every operation touched (ground truth) and
 * emits only what a backend would see: fd numbers and raw relative paths. The classifier must
 * reconstruct the same per-path verdicts from those events alone.
 */
class SimulatedKernelTest {
    private static final String[] DIRS = {"/w", "/w/d0", "/w/d1"};
    private static final String[] NAMES = {"f0", "f1", "f2", "f3"};
    private static final String PIPE = "<pipe>";

    /** The reference: verdict rules applied to paths the simulator knows directly. */
    private static final class Expected {
        boolean readBeforeWrite, executed, modified, created, deleted;
    }

    private static final class Fd {
        final String target; // a file path, a directory path, or PIPE
        final boolean directory, truncated, cloexec;

        Fd(String target, boolean directory, boolean truncated, boolean cloexec) {
            this.target = target;
            this.directory = directory;
            this.truncated = truncated;
            this.cloexec = cloexec;
        }
    }

    private static final class Task {
        Map<Integer, Fd> fds;
        String[] cwd;

        Task(Map<Integer, Fd> fds, String[] cwd) {
            this.fds = fds;
            this.cwd = cwd;
        }
    }

    private final Map<String, Expected> expected = new HashMap<>();
    private final Set<String> files = new HashSet<>();
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final List<TraceEvent> events = new ArrayList<>();
    private int nextTid = 2;

    private Expected e(String path) {
        return expected.computeIfAbsent(path, p -> new Expected());
    }

    @Test
    void classifierAgreesWithGroundTruthOnRandomProgramRuns() {
        long seed = Long.getLong("roar.test.seed", System.nanoTime());
        try {
            Random random = new Random(seed);
            for (int run = 0; run < 300; run++) {
                runOnce(random);
            }
        } catch (AssertionError | RuntimeException ex) {
            fail("failed with seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", ex);
        }
    }

    private void runOnce(Random random) {
        expected.clear();
        files.clear();
        tasks.clear();
        events.clear();
        nextTid = 2;
        for (String dir : DIRS) {
            for (String name : NAMES) {
                if (random.nextBoolean()) {
                    files.add(dir + "/" + name);
                }
            }
        }
        Map<Integer, Fd> stdio = new HashMap<>();
        for (int fd = 0; fd < 3; fd++) {
            stdio.put(fd, new Fd(PIPE, false, false, false));
        }
        tasks.put(1, new Task(stdio, new String[] {"/w"}));

        int steps = 5 + random.nextInt(60);
        for (int i = 0; i < steps; i++) {
            List<Integer> tids = new ArrayList<>(tasks.keySet());
            int tid = tids.get(random.nextInt(tids.size()));
            step(random, tid, tasks.get(tid));
        }

        Map<String, String> want = new TreeMap<>();
        expected.forEach((path, x) -> {
            FileFact f = new FileFact(PathBytes.of(path), x.readBeforeWrite, x.readBeforeWrite, x.executed, x.modified, x.created, x.deleted);
            put(want, path, f.input(), f.output(), f.deletion());
        });
        FileActivityTracker fromRecords = new FileActivityTracker(PathBytes.of("/w"));
        events.forEach(fromRecords::accept);
        assertVerdicts(fromRecords, want, "event records");
        // The backends' way: through the ring, whose decoder lends each path from an array it reuses.
        FileActivityTracker fromRing = new FileActivityTracker(PathBytes.of("/w"));
        try (EventRing ring = new EventRing(1 << 20)) {
            events.forEach(e -> assertThat(ring.offer(e)).isTrue());
            ring.flush();
            assertThat(ring.drain(fromRing)).isEqualTo(events.size());
        }
        assertVerdicts(fromRing, want, "the ring");
    }

    private void assertVerdicts(FileActivityTracker tracker, Map<String, String> want, String via) {
        Map<String, String> actual = new TreeMap<>();
        for (FileFact f : tracker.facts()) {
            put(actual, f.path().display(), f.input(), f.output(), f.deletion());
        }
        assertThat(actual).as("via %s, events: %s", via, events).isEqualTo(want);
        assertThat(tracker.unresolvedPaths()).isZero();
    }

    private static void put(Map<String, String> out, String path, boolean in, boolean outp, boolean deleted) {
        String v = (in ? "in " : "") + (outp ? "out " : "") + (deleted ? "deleted" : "");
        if (!v.isEmpty()) {
            out.put(path, v.trim());
        }
    }

    private void step(Random random, int tid, Task task) {
        switch (random.nextInt(14)) {
            case 0, 1, 2 -> open(random, tid, task);
            case 3, 4 -> readOrWrite(random, tid, task, true);
            case 5, 6 -> readOrWrite(random, tid, task, false);
            case 7 -> {
                Integer fd = anyFd(random, task);
                if (fd != null) {
                    task.fds.remove(fd);
                    events.add(new Closed(tid, fd));
                }
            }
            case 8 -> {
                Integer old = anyFd(random, task);
                int target = random.nextInt(6);
                if (old != null) {
                    Fd source = task.fds.get(old);
                    boolean cloexec = random.nextBoolean();
                    task.fds.put(target, new Fd(source.target, source.directory, source.truncated, cloexec));
                    events.add(new Duplicated(tid, old, target, cloexec));
                    if (old == target) {
                        task.fds.put(target, source); // dup2(fd, fd) changes nothing
                    }
                }
            }
            case 9 -> {
                // pipe(): two untracked fds, invisible to the tracer
                for (int k = 0; k < 2; k++) {
                    task.fds.put(lowestFree(task), new Fd(PIPE, false, false, false));
                }
            }
            case 10 -> {
                if (tasks.size() < 6) {
                    boolean thread = random.nextBoolean();
                    int child = nextTid++;
                    tasks.put(child, thread ? new Task(task.fds, task.cwd)
                            : new Task(new HashMap<>(task.fds), new String[] {task.cwd[0]}));
                    events.add(new Forked(tid, child, thread, thread));
                } else if (tid != 1) {
                    tasks.remove(tid);
                    events.add(new Exited(tid));
                }
            }
            case 11 -> {
                String dir = DIRS[random.nextInt(DIRS.length)];
                byte[] raw = bytes(relativeTo(random, task, dir)); // spelled against the old cwd
                task.cwd[0] = dir;
                events.add(new ChangedDirectory(tid, raw, -1));
            }
            case 12 -> {
                String from = anyPath(random);
                String to = anyPath(random);
                if (files.contains(from) && !from.equals(to)) {
                    files.remove(from);
                    files.add(to);
                    e(from).deleted = true;
                    e(to).modified = true;
                    e(to).deleted = false;
                    events.add(new Renamed(tid, TraceEvent.AT_FDCWD, bytes(relativeTo(random, task, from)),
                            TraceEvent.AT_FDCWD, bytes(relativeTo(random, task, to))));
                } else if (files.contains(from)) {
                    files.remove(from);
                    e(from).deleted = true;
                    events.add(new Unlinked(tid, TraceEvent.AT_FDCWD, bytes(relativeTo(random, task, from))));
                }
            }
            default -> {
                String program = anyPath(random);
                if (files.contains(program)) {
                    e(program).executed = true;
                    Map<Integer, Fd> kept = new HashMap<>(task.fds);
                    kept.values().removeIf(fd -> fd.cloexec);
                    task.fds = kept;
                    events.add(new Executed(tid, TraceEvent.AT_FDCWD, bytes(relativeTo(random, task, program))));
                }
            }
        }
    }

    private void open(Random random, int tid, Task task) {
        boolean viaDirFd = random.nextInt(4) == 0;
        String dir = DIRS[random.nextInt(DIRS.length)];
        String path = random.nextInt(6) == 0 ? dir : dir + "/" + NAMES[random.nextInt(NAMES.length)];
        boolean directory = path.equals(dir);
        int flags = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> O_WRONLY | O_CREAT | O_TRUNC;
            case 2 -> O_RDWR | O_CREAT;
            default -> O_RDWR;
        };
        if (directory) {
            flags = 0;
        }
        if (random.nextBoolean()) {
            flags |= O_CLOEXEC;
        }
        boolean exists = directory || files.contains(path);
        if (!exists && (flags & O_CREAT) == 0) {
            return; // ENOENT: a failed call emits nothing
        }
        boolean created = !exists;
        int dirFd = TraceEvent.AT_FDCWD;
        String raw = relativeTo(random, task, path);
        if (viaDirFd && !directory) {
            Integer found = null;
            for (Map.Entry<Integer, Fd> entry : task.fds.entrySet()) {
                if (entry.getValue().directory && entry.getValue().target.equals(dir)) {
                    found = entry.getKey();
                }
            }
            if (found != null) {
                dirFd = found;
                raw = path.substring(dir.length() + 1);
            }
        }
        if (created) {
            files.add(path);
            e(path).created = true;
            e(path).deleted = false;
        }
        int fd = lowestFree(task);
        task.fds.put(fd, new Fd(path, directory, (flags & O_TRUNC) != 0, (flags & O_CLOEXEC) != 0));
        events.add(new Opened(tid, dirFd, bytes(raw), flags, fd, created));
    }

    private void readOrWrite(Random random, int tid, Task task, boolean read) {
        Integer fd = anyFd(random, task);
        if (fd == null) {
            return;
        }
        Fd file = task.fds.get(fd);
        if (file.directory) {
            return;
        }
        long bytes = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(100);
        if (!file.target.equals(PIPE) && bytes > 0) {
            Expected x = e(file.target);
            if (read && !file.truncated && !x.modified && !x.created) {
                x.readBeforeWrite = true;
            }
            if (!read) {
                x.modified = true;
            }
        }
        events.add(read ? new Read(tid, fd, bytes) : new Written(tid, fd, bytes));
    }

    /** The path as a program might spell it: absolute, or relative to the cwd with detours. */
    private static String relativeTo(Random random, Task task, String path) {
        return switch (random.nextInt(3)) {
            case 0 -> path;
            case 1 -> "/w/./d0/.." + path.substring(2);
            default -> {
                String cwd = task.cwd[0];
                int up = (int) cwd.chars().filter(c -> c == '/').count();
                yield "../".repeat(up) + "." + path.substring(0);
            }
        };
    }

    private static String anyPath(Random random) {
        return DIRS[random.nextInt(DIRS.length)] + "/" + NAMES[random.nextInt(NAMES.length)];
    }

    private static Integer anyFd(Random random, Task task) {
        if (task.fds.isEmpty()) {
            return null;
        }
        List<Integer> fds = new ArrayList<>(task.fds.keySet());
        return fds.get(random.nextInt(fds.size()));
    }

    private static int lowestFree(Task task) {
        int fd = 0;
        while (task.fds.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
