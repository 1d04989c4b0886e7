package dev.roar.trace.classify;

import dev.roar.trace.event.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Folds a backend's event stream into per-path facts. It keeps each task's view of the world that
 * the kernel keeps: an fd table (shared between threads, copied on fork, unshared on exec) and a
 * current directory (shared with CLONE_FS), so that an fd number in a read or write event names the
 * file it named at that moment. Single-threaded: the ring's consumer thread owns it.
 */
public final class FileActivityTracker {
    private final Map<Integer, Task> tasks = new HashMap<>();
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

    private record FdEntry(OpenFile file, boolean closeOnExec) {
    }

    private static final class FdTable {
        final Map<Integer, FdEntry> entries;

        FdTable(Map<Integer, FdEntry> entries) {
            this.entries = entries;
        }

        FdTable copy() {
            return new FdTable(new HashMap<>(entries));
        }
    }

    private static final class Cwd {
        PathBytes path;

        Cwd(PathBytes path) {
            this.path = path;
        }
    }

    private static final class Task {
        FdTable files;
        Cwd cwd;

        Task(FdTable files, Cwd cwd) {
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
     * Classifies a few events on a throwaway tracker: the pattern switch below is bootstrapped (a class
     * generated) the first time it runs, which a backend would otherwise pay inside the traced phase.
     */
    public static void warmUp() {
        FileActivityTracker tracker = new FileActivityTracker(PathBytes.root());
        byte[] path = {'w'};
        tracker.accept(new TraceEvent.Forked(1, 2, false, false));
        tracker.accept(new TraceEvent.Opened(2, -100, path, 0, 3, false));
        tracker.accept(new TraceEvent.Closed(2, 3));
        tracker.accept(new TraceEvent.Exited(2));
        tracker.facts();
    }

    public void accept(TraceEvent event) {
        Task task = task(event.tid());
        switch (event) {
            case TraceEvent.Forked e -> tasks.put(e.childTid(), new Task(
                    e.sharesFiles() ? task.files : task.files.copy(),
                    e.sharesFs() ? task.cwd : new Cwd(task.cwd.path)));
            case TraceEvent.Executed e -> {
                PathBytes program = resolve(task, e.dirFd(), e.path());
                if (program != null) {
                    facts(program).executed = true;
                }
                FdTable unshared = task.files.copy();
                unshared.entries.values().removeIf(FdEntry::closeOnExec);
                task.files = unshared;
            }
            case TraceEvent.Exited e -> tasks.remove(e.tid());
            case TraceEvent.Opened e -> {
                PathBytes path = resolve(task, e.dirFd(), e.path());
                if (path == null) {
                    task.files.entries.remove(e.fd());
                    return;
                }
                if (e.created()) {
                    Activity facts = facts(path);
                    facts.created = true;
                    facts.deleted = false;
                }
                task.files.entries.put(e.fd(), new FdEntry(new OpenFile(path, e.flags()),
                        (e.flags() & OpenFlags.O_CLOEXEC) != 0));
            }
            case TraceEvent.Read e -> {
                OpenFile file = file(task, e.fd());
                if (file != null && !file.truncatedOnOpen() && e.bytes() > 0) {
                    facts(file.path()).read();
                }
            }
            case TraceEvent.Written e -> {
                OpenFile file = file(task, e.fd());
                if (file != null && e.bytes() > 0) {
                    facts(file.path()).modified = true;
                }
            }
            case TraceEvent.Mapped e -> {
                OpenFile file = file(task, e.fd());
                if (file != null) {
                    if (e.readable() && !file.truncatedOnOpen()) {
                        facts(file.path()).read();
                    }
                    if (e.sharedWritable()) {
                        facts(file.path()).modified = true;
                    }
                }
            }
            case TraceEvent.Baseline e -> {
                OpenFile file = file(task, e.fd());
                if (file != null) {
                    file.size = e.size();
                    file.mtimeNanos = e.mtimeNanos();
                }
            }
            case TraceEvent.Probed e -> {
                OpenFile file = file(task, e.fd());
                if (file == null) {
                    return;
                }
                // Read first: on an fd used both ways the order is unknown, and a file that had bytes
                // when opened for reading most likely was read for them (the read-modify-write case).
                if (e.position() > 0 && file.readable && !file.truncatedOnOpen()) {
                    facts(file.path()).read();
                }
                boolean changed = file.size >= 0 && (e.size() != file.size || e.mtimeNanos() != file.mtimeNanos);
                if (changed) {
                    facts(file.path()).modified = true;
                }
                file.size = e.size();
                file.mtimeNanos = e.mtimeNanos();
            }
            case TraceEvent.Closed e -> task.files.entries.remove(e.fd());
            case TraceEvent.ClosedRange e -> {
                Iterator<Integer> fds = task.files.entries.keySet().iterator();
                while (fds.hasNext()) {
                    int fd = fds.next();
                    if (Integer.compareUnsigned(fd, e.first()) >= 0 && Integer.compareUnsigned(fd, e.last()) <= 0) {
                        fds.remove();
                    }
                }
            }
            case TraceEvent.Duplicated e -> {
                if (e.oldFd() == e.newFd()) {
                    return;
                }
                FdEntry old = task.files.entries.get(e.oldFd());
                if (old == null) {
                    // newFd now names something we do not track (a pipe, a socket): forget what it named.
                    task.files.entries.remove(e.newFd());
                } else {
                    task.files.entries.put(e.newFd(), new FdEntry(old.file(), e.closeOnExec()));
                }
            }
            case TraceEvent.Renamed e -> {
                PathBytes from = resolve(task, e.fromDirFd(), e.from());
                PathBytes to = resolve(task, e.toDirFd(), e.to());
                if (from != null && to != null && !from.equals(to)) {
                    facts(from).deleted = true;
                    Activity target = facts(to);
                    target.modified = true;
                    target.deleted = false;
                }
            }
            case TraceEvent.Linked e -> {
                PathBytes to = resolve(task, e.toDirFd(), e.to());
                if (to != null) {
                    Activity target = facts(to);
                    target.modified = true;
                    target.deleted = false;
                }
            }
            case TraceEvent.Unlinked e -> {
                PathBytes path = resolve(task, e.dirFd(), e.path());
                if (path != null) {
                    facts(path).deleted = true;
                }
            }
            case TraceEvent.Truncated e -> {
                PathBytes path = e.path() == null ? pathOf(task, e.fd()) : resolve(task, e.dirFd(), e.path());
                if (path != null) {
                    facts(path).modified = true;
                }
            }
            case TraceEvent.ChangedDirectory e -> {
                PathBytes path = e.path() == null ? pathOf(task, e.fd()) : resolve(task, TraceEvent.AT_FDCWD, e.path());
                if (path != null) {
                    task.cwd.path = path;
                }
            }
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

    private Task task(int tid) {
        return tasks.computeIfAbsent(tid, t -> new Task(new FdTable(new HashMap<>()), new Cwd(initialCwd)));
    }

    private Activity facts(PathBytes path) {
        return activity.computeIfAbsent(path, p -> new Activity());
    }

    private static OpenFile file(Task task, int fd) {
        FdEntry entry = task.files.entries.get(fd);
        return entry == null ? null : entry.file();
    }

    private PathBytes pathOf(Task task, int fd) {
        OpenFile file = file(task, fd);
        if (file == null) {
            unresolved++;
        }
        return file == null ? null : file.path();
    }

    private PathBytes resolve(Task task, int dirFd, byte[] path) {
        if ((path.length > 0 && path[0] == '/') || dirFd == TraceEvent.AT_FDCWD) {
            return task.cwd.path.resolve(path);
        }
        PathBytes dir = pathOf(task, dirFd);
        return dir == null ? null : dir.resolve(path);
    }
}
