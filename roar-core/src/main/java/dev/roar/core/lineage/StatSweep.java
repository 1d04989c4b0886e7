package dev.roar.core.lineage;

import dev.roar.trace.classify.PathBytes;
import dev.roar.trace.files.FileStat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * stat(2) of many paths on two threads: a helper starts on them at once, and the caller joins in when it
 * is done with its own work (reading the hash cache). Both claim chunks from one cursor, so the sweep ends
 * when the last chunk does, whichever thread was free. Stats are independent syscalls that scale with
 * cores; a common-pool parallel stream would run on one thread on a two-core machine while the caller waits.
 */
final class StatSweep {
    private static final int CHUNK = 512;
    private final List<PathBytes> paths;
    private final Function<PathBytes, Optional<FileStat>> statter;
    private final FileStat[] stats;
    private final AtomicInteger nextChunk = new AtomicInteger();
    /** The helper's share; join() waits without being interruptible and rethrows what the helper threw. */
    private final CompletableFuture<Void> helper;

    private StatSweep(List<PathBytes> paths, Function<PathBytes, Optional<FileStat>> statter) {
        this.paths = paths;
        this.statter = statter;
        this.stats = new FileStat[paths.size()];
        this.helper = paths.size() > CHUNK
                ? CompletableFuture.runAsync(this::work, work -> Thread.ofPlatform().name("roar-stat-sweep").daemon().start(work))
                : null;
    }

    static StatSweep start(List<PathBytes> paths, Function<PathBytes, Optional<FileStat>> statter) {
        return new StatSweep(paths, statter);
    }

    /** Stats what is left on the calling thread, then waits for the helper; a null entry is a path with no file. */
    FileStat[] finish() {
        work();
        if (helper != null) {
            helper.join();
        }
        return stats;
    }

    private void work() {
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) * CHUNK < paths.size()) {
            statChunk(chunk * CHUNK, Math.min(paths.size(), (chunk + 1) * CHUNK));
        }
    }

    /** A chunk as a stream: its lambda is a method, compiled after a few hundred calls (a loop would run interpreted). */
    private void statChunk(int from, int to) {
        IntStream.range(from, to).forEach(i -> stats[i] = statter.apply(paths.get(i)).orElse(null));
    }
}
