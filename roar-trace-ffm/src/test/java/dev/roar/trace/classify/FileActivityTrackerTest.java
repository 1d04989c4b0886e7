package dev.roar.trace.classify;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static dev.roar.trace.classify.OpenFlags.*;
import static dev.roar.trace.event.TraceEvent.AT_FDCWD;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's classification cases, as the event streams a backend would emit for them. */
class FileActivityTrackerTest {
    private final FileActivityTracker tracker = new FileActivityTracker(PathBytes.of("/w"));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void feed(TraceEvent... events) {
        for (TraceEvent e : events) {
            tracker.accept(e);
        }
    }

    /** path -> "in", "out", "in+out" or "deleted"; paths that are none of these are left out. */
    private Map<String, String> verdicts() {
        Map<String, String> out = new TreeMap<>();
        for (FileFact f : tracker.facts()) {
            String v = f.deletion() ? "deleted" : (f.input() ? "in" : "") + (f.input() && f.output() ? "+" : "") + (f.output() ? "out" : "");
            if (!v.isEmpty()) {
                out.put(f.path().display(), v);
            }
        }
        return out;
    }

    @Test
    void aChildSeenBeforeItsForkGetsTheParentsTableOnceTheForkArrives() {
        // ptrace may report a new task's first stop before its parent's fork event: the child is known by its
        // tid first (an empty table), then the fork gives it a copy of the parent's, which its next events use.
        feed(new Opened(1, AT_FDCWD, b("parent.txt"), 0, 3, false), new Closed(2, 9), new Forked(1, 2, false, false),
                new Read(2, 3, 10));
        assertThat(verdicts()).containsEntry("/w/parent.txt", "in");
    }

    @Test
    void c5OpenForWriteAndCloseWithNothingWrittenIsNotAnOutput() {
        feed(new Opened(1, AT_FDCWD, b("existing.txt"), O_WRONLY | O_CREAT | O_TRUNC, 3, false), new Closed(1, 3));
        assertThat(verdicts()).isEmpty();
    }

    @Test
    void c6NewEmptyFileIsAnOutput() {
        feed(new Opened(1, AT_FDCWD, b("done.flag"), O_WRONLY | O_CREAT, 3, true), new Closed(1, 3));
        assertThat(verdicts()).containsEntry("/w/done.flag", "out");
    }

    @Test
    void c7FdReuseDup2AndFailedDup3KeepTheMappingRight() {
        feed(new Opened(1, AT_FDCWD, b("a.txt"), 0, 3, false), new Read(1, 3, 10), new Closed(1, 3),
                new Opened(1, AT_FDCWD, b("b.txt"), O_WRONLY | O_CREAT | O_TRUNC, 3, true), new Written(1, 3, 5),
                // dup2(3, 4) onto a used fd 4 that held c.txt; then write through 4 -> b.txt
                new Opened(1, AT_FDCWD, b("c.txt"), 0, 4, false), new Duplicated(1, 3, 4, false), new Written(1, 4, 1),
                // a failed dup3 emits nothing; fd 4 still names b.txt
                new Written(1, 4, 1));
        assertThat(verdicts()).containsEntry("/w/a.txt", "in").containsEntry("/w/b.txt", "out").doesNotContainKey("/w/c.txt");
    }

    @Test
    void dupOfAnUntrackedFdForgetsWhatTheTargetNamed() {
        feed(new Opened(1, AT_FDCWD, b("log.txt"), O_WRONLY, 1, false), new Duplicated(1, 7, 1, false), new Written(1, 1, 3));
        assertThat(verdicts()).doesNotContainKey("/w/log.txt");
    }

    @Test
    void c8ReadAfterItsOwnWriteIsNotAnInput() {
        // awk 1 a > x; cat x
        feed(new Forked(1, 2, false, false),
                new Opened(2, AT_FDCWD, b("x"), O_WRONLY | O_CREAT | O_TRUNC, 1, true),
                new Opened(2, AT_FDCWD, b("a"), 0, 3, false), new Read(2, 3, 4), new Written(2, 1, 4), new Exited(2),
                new Forked(1, 3, false, false), new Opened(3, AT_FDCWD, b("x"), 0, 3, false), new Read(3, 3, 4));
        assertThat(verdicts()).containsEntry("/w/a", "in").containsEntry("/w/x", "out");
    }

    @Test
    void readThenWrittenIsBothInputAndOutput() {
        feed(new Opened(1, AT_FDCWD, b("counter"), O_RDWR, 3, false), new Read(1, 3, 2), new Written(1, 3, 2));
        assertThat(verdicts()).containsEntry("/w/counter", "in+out");
    }

    @Test
    void c9PublishByRenameAndByLink() {
        feed(new Opened(1, AT_FDCWD, b("tmp.part"), O_WRONLY | O_CREAT, 3, true), new Written(1, 3, 100), new Closed(1, 3),
                new Renamed(1, AT_FDCWD, b("tmp.part"), AT_FDCWD, b("final.bin")),
                new Opened(1, AT_FDCWD, b("t2"), O_WRONLY | O_CREAT, 3, true), new Written(1, 3, 1), new Closed(1, 3),
                new Linked(1, AT_FDCWD, b("t2"), AT_FDCWD, b("linked.bin")), new Unlinked(1, AT_FDCWD, b("t2")));
        assertThat(verdicts()).containsEntry("/w/final.bin", "out").doesNotContainKey("/w/tmp.part")
                .containsEntry("/w/linked.bin", "out").doesNotContainKey("/w/t2");
    }

    @Test
    void deletingAPreexistingFileIsADeletion() {
        feed(new Unlinked(1, AT_FDCWD, b("old.csv")));
        assertThat(verdicts()).containsEntry("/w/old.csv", "deleted");
    }

    @Test
    void c10MmapReadIsAnInputAndTruncatedMmapIsOutputOnly() {
        feed(new Opened(1, AT_FDCWD, b("weights.bin"), 0, 3, false), new Mapped(1, 3, true, false),
                new Opened(1, AT_FDCWD, b("out.bin"), O_RDWR | O_CREAT | O_TRUNC, 4, false), new Truncated(1, 0, null, 4),
                new Mapped(1, 4, true, true));
        assertThat(verdicts()).containsEntry("/w/weights.bin", "in").containsEntry("/w/out.bin", "out");
    }

    @Test
    void c14ChdirAndOpenatResolveAgainstTheRightDirectory() {
        feed(new ChangedDirectory(1, b("sub"), -1),
                new Opened(1, AT_FDCWD, b("../x"), 0, 3, false), new Read(1, 3, 1),
                new Opened(1, AT_FDCWD, b("/w/data"), 0, 4, false),
                new Opened(1, 4, b("y"), 0, 5, false), new Read(1, 5, 1),
                new ChangedDirectory(1, null, 4), new Opened(1, AT_FDCWD, b("z"), 0, 6, false), new Read(1, 6, 1));
        assertThat(verdicts()).containsEntry("/w/x", "in").containsEntry("/w/data/y", "in").containsEntry("/w/data/z", "in");
        assertThat(tracker.unresolvedPaths()).isZero();
    }

    @Test
    void threadsShareFdsAndCwdWhileForkedChildrenCopyThem() {
        feed(new Forked(1, 2, true, true), new Forked(1, 3, false, false),
                new Opened(2, AT_FDCWD, b("t.txt"), O_WRONLY | O_CREAT, 3, true), new ChangedDirectory(2, b("/other"), -1),
                new Written(1, 3, 1), // the thread's fd is the process's fd
                new Written(3, 3, 1), // the forked child never had it
                new Opened(1, AT_FDCWD, b("rel"), 0, 4, false), new Read(1, 4, 1),
                new Opened(3, AT_FDCWD, b("rel"), 0, 4, false), new Read(3, 4, 1));
        assertThat(verdicts()).containsEntry("/w/t.txt", "out").containsEntry("/other/rel", "in").containsEntry("/w/rel", "in");
    }

    @Test
    void execRunsTheProgramAndDropsCloseOnExecFds() {
        feed(new Opened(1, AT_FDCWD, b("keep"), O_WRONLY, 3, false), new Opened(1, AT_FDCWD, b("drop"), O_WRONLY | O_CLOEXEC, 4, false),
                new Executed(1, AT_FDCWD, b("/usr/bin/python3")), new Written(1, 3, 1), new Written(1, 4, 1));
        assertThat(verdicts()).containsEntry("/usr/bin/python3", "in").containsEntry("/w/keep", "out").doesNotContainKey("/w/drop");
    }

    @Test
    void closeRangeClosesEveryFdInIt() {
        feed(new Opened(1, AT_FDCWD, b("a"), O_WRONLY, 3, false), new Opened(1, AT_FDCWD, b("b"), O_WRONLY, 9, false),
                new ClosedRange(1, 3, 5), new Written(1, 3, 1), new Written(1, 9, 1));
        assertThat(verdicts()).doesNotContainKey("/w/a").containsEntry("/w/b", "out");
    }

    @Test
    void relativePathAgainstAnUnknownDirFdIsCountedNotGuessed() {
        feed(new Opened(1, 42, b("mystery"), 0, 3, false), new Read(1, 3, 1));
        assertThat(verdicts()).isEmpty();
        assertThat(tracker.unresolvedPaths()).isEqualTo(1);
    }

    @Test
    void probedPositionsAndChangedStatsStandInForReadsAndWrites() {
        feed(new Opened(1, AT_FDCWD, b("in.csv"), 0, 3, false), new Baseline(1, 3, 100, 5),
                new Probed(1, 3, 100, 100, 5), new Closed(1, 3),
                new Opened(1, AT_FDCWD, b("unread.csv"), 0, 3, false), new Baseline(1, 3, 100, 5),
                new Probed(1, 3, 0, 100, 5), new Closed(1, 3),
                new Opened(1, AT_FDCWD, b("out.csv"), O_WRONLY | O_CREAT | O_TRUNC, 4, false), new Baseline(1, 4, 0, 7),
                new Probed(1, 4, 10, 10, 8), new Closed(1, 4));
        assertThat(verdicts()).containsEntry("/w/in.csv", "in").containsEntry("/w/out.csv", "out").doesNotContainKey("/w/unread.csv");
    }

    @Test
    void truncatingOpenWithNothingWrittenLeavesTheBaselineUnchanged() {
        // The baseline is taken after open(O_TRUNC) returned: truncation alone is not a write (C5).
        feed(new Opened(1, AT_FDCWD, b("existing.txt"), O_WRONLY | O_CREAT | O_TRUNC, 3, false), new Baseline(1, 3, 0, 9),
                new Probed(1, 3, 0, 0, 9), new Closed(1, 3));
        assertThat(verdicts()).isEmpty();
    }

    @Test
    void aWriteThroughAnInheritedFdIsSeenWhenTheChildExits() {
        // bash: open x, dup2 onto 1, close the original; awk (forked) writes to 1 and exits.
        feed(new Opened(1, AT_FDCWD, b("x"), O_WRONLY | O_CREAT | O_TRUNC, 3, true), new Baseline(1, 3, 0, 1),
                new Duplicated(1, 3, 1, false), new Probed(1, 3, 0, 0, 1), new Closed(1, 3),
                new Forked(1, 2, false, false), new Probed(2, 1, 6, 6, 2), new Exited(2),
                new Opened(1, AT_FDCWD, b("x"), 0, 3, false), new Baseline(1, 3, 6, 2), new Probed(1, 3, 6, 6, 2));
        assertThat(verdicts()).containsEntry("/w/x", "out");
    }

    @Test
    void readModifyWriteThroughOneFdIsBothInputAndOutput() {
        feed(new Opened(1, AT_FDCWD, b("counter"), O_RDWR, 3, false), new Baseline(1, 3, 1, 1),
                new Probed(1, 3, 1, 1, 2));
        assertThat(verdicts()).containsEntry("/w/counter", "in+out");
    }
}
