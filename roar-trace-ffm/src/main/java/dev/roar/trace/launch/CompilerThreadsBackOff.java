package dev.roar.trace.launch;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Resource;
import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.ByteFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves the JVM's JIT compiler threads to the lowest priority while a command is traced.
 *
 * <p>Why: roar's own start-up leaves HotSpot's compilers busy well into the traced phase (C1 and C2
 * had used ~750 ms of CPU by the end of a 0.1 s traced `dd`, measured per thread), and on a 2-core
 * machine they take that CPU from the traced command: the same dd ran 0.17 s under the tracer with
 * them at normal priority and 0.10 s at nice 19 (0.09 s untraced). At nice 19 they still get every
 * idle cycle, which is most of them while a command and its tracer take turns. The tracer's own
 * threads keep their priority. Put back on close where the kernel allows: raising a priority again
 * needs CAP_SYS_NICE, and without it the compilers stay low for the rest of this short-lived process.
 * The threads are found while the backend prepares and lowered when the trace starts.
 *
 * <p>ptrace only: there the tracee waits for the tracer and a full event ring only delays it. The eBPF
 * consumer must keep up with the kernel's ring or events are dropped, and with its compilation held
 * back it dropped 0.7 M of 1 M events in a cold burst (measured), so it keeps the JIT at full speed.
 */
public final class CompilerThreadsBackOff {
    private static final int LOWEST = 19;
    private static final Path TASKS = Path.of("/proc/self/task");

    /** Thread id -> nice value it had when found. */
    private final Map<Integer, Integer> found;

    private CompilerThreadsBackOff(Map<Integer, Integer> found) {
        this.found = found;
    }

    /**
     * Finds the compiler threads that exist now. Listing them reads /proc (3-12 ms in a cold JVM, measured
     * inside the traced phase of `roar run true`), so the backend does it while it prepares, before the
     * command starts; {@link #lower} then only makes the setpriority calls.
     */
    public static CompilerThreadsBackOff find() {
        Map<Integer, Integer> found = new LinkedHashMap<>();
        try (var tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                if (isCompilerThread(task)) {
                    found.put(Integer.parseInt(task.getFileName().toString()), niceOf(task));
                }
            }
        } catch (IOException | RuntimeException e) {
            // A thread that ended meanwhile, or no procfs: the trace runs as it would have anyway.
        }
        return new CompilerThreadsBackOff(found);
    }

    /**
     * Lowers the threads found (those still threads of this process: a thread id is only ever this JVM's
     * while /proc/self/task lists it) until the result is closed.
     */
    public Lowered lower() {
        Map<Integer, Integer> lowered = new LinkedHashMap<>();
        try (CallState state = new CallState()) {
            found.forEach((tid, nice) -> {
                if (nice < LOWEST && ByteFiles.exists(PathBytes.of("/proc/self/task/" + tid))
                        && Resource.setThreadNice(state, tid, LOWEST) == 0) {
                    lowered.put(tid, nice);
                }
            });
        }
        return new Lowered(lowered);
    }

    /** Compiler threads at the lowest priority until closed. */
    public static final class Lowered implements AutoCloseable {
        private final Map<Integer, Integer> lowered;

        private Lowered(Map<Integer, Integer> lowered) {
            this.lowered = lowered;
        }

        /** How many threads were lowered (for diagnostics and tests). */
        public int count() {
            return lowered.size();
        }

        /** Puts them back where the kernel allows: raising a priority needs CAP_SYS_NICE. */
        @Override
        public void close() {
            if (lowered.isEmpty()) {
                return;
            }
            try (CallState state = new CallState()) {
                lowered.forEach((tid, nice) -> Resource.setThreadNice(state, tid, nice));
            }
        }
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0" (comm keeps the first 15 bytes). */
    private static boolean isCompilerThread(Path task) throws IOException {
        String comm = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.US_ASCII);
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /** Field 19 of /proc/self/task/TID/stat; the name field before it may hold spaces, so count from ") ". */
    static int niceOf(Path task) throws IOException {
        String stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).trim().split(" ");
        return Integer.parseInt(fields[16]);
    }
}
