package dev.roar.trace.classify;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEventSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a backend's event stream into per-path facts. It keeps each task's view of the world that
 * the kernel keeps: an fd table (shared between threads, copied on fork, unshared on exec) and a
 * current directory (shared with CLONE_FS), so that an fd number in a read or write event names the
 * file it named at that moment. Single-threaded: the ring's consumer thread owns it.
 */
public final class FileActivityTracker implements TraceEventSink {
    private final Map<Integer, Task> tasks = new HashMap<>();
    private int lastTid;
    private Task lastTask;
    private final Map<PathBytes, Activity> activity = new HashMap<>();
    private final PathBytes initialCwd;
    private long unresolved;

    public FileActivityTracker(PathBytes initialCwd) {
        this.initialCwd = initialCwd;
    }

    /**
     * An open file description: its path when opened, how it was opened, and (from a backend that
     * probes) the size and mtime it was last seen with. Shared by every fd dup'd or inherited from it.
     */
    private static final class OpenFile {
        final PathBytes path;
        final boolean truncatedOnOpen;
        final boolean readable;
        long size = -1;
        long mtimeNanos = -1;
        /** The path's facts, once looked up: reads and writes on one fd (dd makes 200k) then skip the path's hash. */
        Activity facts;

        OpenFile(PathBytes path, int flags) {
            this.path = path;
            this.truncatedOnOpen = (flags & OpenFlags.O_TRUNC) != 0;
            this.readable = (flags & 3) != OpenFlags.O_WRONLY;
        }

        PathBytes path() {
            return path;
        }

        boolean truncatedOnOpen() {
            return truncatedOnOpen;
        }
    }

    private static final class Cwd {
        PathBytes path;

        Cwd(PathBytes path) {
            this.path = path;
        }
    }

    private static final class Task {
        FdTable<OpenFile> files;
        Cwd cwd;

        Task(FdTable<OpenFile> files, Cwd cwd) {
            this.files = files;
            this.cwd = cwd;
        }
    }

    private static final class Activity {
        boolean readBeforeWrite;
        boolean read;
        boolean executed;
        boolean modified;
        boolean created;
        boolean deleted;

        void read() {
            read = true;
            if (!modified && !created) {
                readBeforeWrite = true;
            }
        }
    }

    /**
     * Classifies a few events on a throwaway tracker: the lambdas below (computeIfAbsent, the facts' sort) are
     * bootstrapped the first time they run, which a backend would otherwise pay inside the traced phase.
     */
    public static void warmUp() {
        FileActivityTracker tracker = new FileActivityTracker(PathBytes.root());
        byte[] path = {'w'};
        tracker.forked(1, 2, false, false);
        tracker.opened(2, TraceEvent.AT_FDCWD, path, 0, path.length, 0, 3, false);
        tracker.read(2, 3, 1);
        tracker.closed(2, 3);
        tracker.exited(2);
        tracker.facts();
    }

    @Override
    public void forked(int tid, int childTid, boolean sharesFiles, boolean sharesFs) {
        Task task = task(tid);
        tasks.put(childTid, new Task(sharesFiles ? task.files : task.files.copy(), sharesFs ? task.cwd : new Cwd(task.cwd.path)));
    }

    @Override
    public void executed(int tid, int dirFd, byte[] path, int offset, int length) {
        Task task = task(tid);
        PathBytes program = resolve(task, dirFd, path, offset, length);
        if (program != null) {
            facts(program).executed = true;
        }
        FdTable<OpenFile> unshared = task.files.copy();
        unshared.removeCloseOnExec();
        task.files = unshared;
    }

    @Override
    public void exited(int tid) {
        tasks.remove(tid);
        if (tid == lastTid) {
            lastTask = null;
        }
    }

    @Override
    public void opened(int tid, int dirFd, byte[] path, int offset, int length, int flags, int fd, boolean created) {
        Task task = task(tid);
        PathBytes resolved = resolve(task, dirFd, path, offset, length);
        if (resolved == null) {
            task.files.remove(fd);
            return;
        }
        if (created) {
            Activity facts = facts(resolved);
            facts.created = true;
            facts.deleted = false;
        }
        task.files.put(fd, new OpenFile(resolved, flags), (flags & OpenFlags.O_CLOEXEC) != 0);
    }

    @Override
    public void read(int tid, int fd, long bytes) {
        OpenFile file = file(task(tid), fd);
        if (file != null && !file.truncatedOnOpen() && bytes > 0) {
            facts(file).read();
        }
    }

    @Override
    public void written(int tid, int fd, long bytes) {
        OpenFile file = file(task(tid), fd);
        if (file != null && bytes > 0) {
            facts(file).modified = true;
        }
    }

    @Override
    public void mapped(int tid, int fd, boolean readable, boolean sharedWritable) {
        OpenFile file = file(task(tid), fd);
        if (file != null) {
            if (readable && !file.truncatedOnOpen()) {
                facts(file).read();
            }
            if (sharedWritable) {
                facts(file).modified = true;
            }
        }
    }

    @Override
    public void baseline(int tid, int fd, long size, long mtimeNanos) {
        OpenFile file = file(task(tid), fd);
        if (file != null) {
            file.size = size;
            file.mtimeNanos = mtimeNanos;
        }
    }

    @Override
    public void probed(int tid, int fd, long position, long size, long mtimeNanos) {
        OpenFile file = file(task(tid), fd);
        if (file == null) {
            return;
        }
        // Read first: on an fd used both ways the order is unknown, and a file that had bytes
        // when opened for reading most likely was read for them (the read-modify-write case).
        if (position > 0 && file.readable && !file.truncatedOnOpen()) {
            facts(file).read();
        }
        boolean changed = file.size >= 0 && (size != file.size || mtimeNanos != file.mtimeNanos);
        if (changed) {
            facts(file).modified = true;
        }
        file.size = size;
        file.mtimeNanos = mtimeNanos;
    }

    @Override
    public void closed(int tid, int fd) {
        task(tid).files.remove(fd);
    }

    @Override
    public void closedRange(int tid, int first, int last) {
        task(tid).files.removeRange(first, last);
    }

    @Override
    public void duplicated(int tid, int oldFd, int newFd, boolean closeOnExec) {
        if (oldFd == newFd) {
            return;
        }
        Task task = task(tid);
        OpenFile old = task.files.get(oldFd);
        if (old == null) {
            // newFd now names something we do not track (a pipe, a socket): forget what it named.
            task.files.remove(newFd);
        } else {
            task.files.put(newFd, old, closeOnExec);
        }
    }

    @Override
    public void renamed(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        Task task = task(tid);
        PathBytes source = resolve(task, fromDirFd, from, fromOffset, fromLength);
        PathBytes target = resolve(task, toDirFd, to, toOffset, toLength);
        if (source != null && target != null && !source.equals(target)) {
            facts(source).deleted = true;
            Activity facts = facts(target);
            facts.modified = true;
            facts.deleted = false;
        }
    }

    @Override
    public void linked(int tid, int fromDirFd, byte[] from, int fromOffset, int fromLength, int toDirFd, byte[] to, int toOffset, int toLength) {
        PathBytes target = resolve(task(tid), toDirFd, to, toOffset, toLength);
        if (target != null) {
            Activity facts = facts(target);
            facts.modified = true;
            facts.deleted = false;
        }
    }

    @Override
    public void unlinked(int tid, int dirFd, byte[] path, int offset, int length) {
        PathBytes resolved = resolve(task(tid), dirFd, path, offset, length);
        if (resolved != null) {
            facts(resolved).deleted = true;
        }
    }

    @Override
    public void truncated(int tid, int dirFd, byte[] path, int offset, int length, int fd) {
        Task task = task(tid);
        PathBytes resolved = path == null ? pathOf(task, fd) : resolve(task, dirFd, path, offset, length);
        if (resolved != null) {
            facts(resolved).modified = true;
        }
    }

    @Override
    public void changedDirectory(int tid, byte[] path, int offset, int length, int fd) {
        Task task = task(tid);
        PathBytes resolved = path == null ? pathOf(task, fd) : resolve(task, TraceEvent.AT_FDCWD, path, offset, length);
        if (resolved != null) {
            task.cwd.path = resolved;
        }
    }

    /** Facts for every path the job touched, sorted by path bytes. */
    public List<FileFact> facts() {
        List<FileFact> out = new ArrayList<>(activity.size());
        activity.forEach((path, a) -> out.add(new FileFact(path, a.readBeforeWrite, a.read, a.executed, a.modified, a.created, a.deleted)));
        out.sort((x, y) -> x.path().compareTo(y.path()));
        return out;
    }

    /** Relative paths whose directory fd was unknown: counted, never guessed. */
    public long unresolvedPaths() {
        return unresolved;
    }

    /**
     * The task's state. Events come in runs from one task, and a real tid is past the boxed-Integer cache: the
     * last one is kept aside so most events neither box a tid nor look it up.
     */
    private Task task(int tid) {
        if (lastTask != null && tid == lastTid) {
            return lastTask;
        }
        Task task = tasks.computeIfAbsent(tid, t -> new Task(new FdTable<>(), new Cwd(initialCwd)));
        lastTid = tid;
        lastTask = task;
        return task;
    }

    private Activity facts(PathBytes path) {
        return activity.computeIfAbsent(path, p -> new Activity());
    }

    private Activity facts(OpenFile file) {
        Activity facts = file.facts;
        if (facts == null) {
            facts = facts(file.path());
            file.facts = facts;
        }
        return facts;
    }

    private static OpenFile file(Task task, int fd) {
        return task.files.get(fd);
    }

    private PathBytes pathOf(Task task, int fd) {
        OpenFile file = file(task, fd);
        if (file == null) {
            unresolved++;
        }
        return file == null ? null : file.path();
    }

    private PathBytes resolve(Task task, int dirFd, byte[] path, int offset, int length) {
        if ((length > 0 && path[offset] == '/') || dirFd == TraceEvent.AT_FDCWD) {
            return task.cwd.path.resolve(path, offset, length);
        }
        PathBytes dir = pathOf(task, dirFd);
        return dir == null ? null : dir.resolve(path, offset, length);
    }
}
