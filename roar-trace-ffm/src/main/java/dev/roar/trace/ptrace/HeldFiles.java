package dev.roar.trace.ptrace;

import dev.roar.ffi.CallState;
import dev.roar.ffi.Errno;
import dev.roar.ffi.Pidfd;
import dev.roar.ffi.Unistd;
import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.launch.StandbyThread;
import dev.roar.trace.files.ByteFiles;
import dev.roar.trace.files.FileStat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Roar's own copies (pidfd_getfd) of the regular files the tracee opens, so that close(2) need not
 * stop the tracee: a copy shares the open file description, so its offset, size and mtime still tell
 * what was read and written through it after the tracee has closed its descriptor. That saves one
 * stop of every open-use-close (a third of the stops of a many-small-files job).
 *
 * <p>A copy is looked at ("flushed": a Probed event, then Closed) when the tracee's descriptor is known
 * to be gone or replaced: a later open or dup returns the same number in the same fd table, a
 * close_range covers it, an exec drops it, a call is about to use that number for something else
 * (kcmp says it is no longer the same description), or the last task sharing the table exits.
 * Descriptor tables are tracked like the kernel's: a fork copies (and so do the copies), CLONE_FILES
 * shares.
 *
 * <p>A copy must never change what the job sees. Two kernel rules make a held description visible:
 * a file open for writing cannot be executed (ETXTBSY), so before any exec every writable copy whose
 * tracee descriptor is gone is flushed and closed; and flock/OFD locks belong to the description, so
 * a descriptor the tracee locks is let go at once (what it does afterwards is seen only if it is still
 * open at an exec or exit: lock files are seldom data). Known, accepted: inotify's close events and the
 * space of a deleted file come when the copy is closed, a little later than without roar.
 *
 * <p>When a copy cannot be taken (the JVM out of descriptors), the open is reported as used
 * (read if readable, written if writable): an input or output too many rather than one lost.
 */
final class HeldFiles implements AutoCloseable {
    /** roar's copy of one tracee descriptor, and the access the tracee opened it with. */
    private record Held(int copy, boolean readable, boolean writable) {
    }

    private final CallState state;
    private final Consumer<TraceEvent> events;
    private final BackgroundCloser closer;
    private final int self = (int) ProcessHandle.current().pid();
    /** Task -> the task whose descriptor table it uses (the table's first owner). */
    private final Map<Integer, Integer> tableOf = new HashMap<>();
    /** Table -> its live tasks. */
    private final Map<Integer, Set<Integer>> members = new HashMap<>();
    /** Table -> (tracee fd -> roar's copy). */
    private final Map<Integer, Map<Integer, Held>> copies = new HashMap<>();
    private final Map<Integer, Integer> pidfds = new HashMap<>();
    /** Writable copies handed to the closer since it was last drained: an exec must wait for them (ETXTBSY). */
    private int closesSinceDrain;

    HeldFiles(CallState state, Consumer<TraceEvent> events, StandbyThread closerThread) {
        this.state = state;
        this.events = events;
        this.closer = new BackgroundCloser(closerThread);
    }

    /** Whether this kernel lets roar hold copies (pidfd_open, pidfd_getfd, kcmp): tried on roar itself. */
    static boolean supported() {
        try (CallState s = new CallState()) {
            int self = (int) ProcessHandle.current().pid();
            int pidfd = Pidfd.open(s, self, Pidfd.PIDFD_THREAD);
            if (pidfd < 0) {
                return false;
            }
            try {
                int copy = Pidfd.getFd(s, pidfd, 0);
                if (copy < 0) {
                    return false;
                }
                boolean same = Pidfd.compareFiles(s, self, self, 0, copy) == 0;
                Unistd.close(s, copy);
                return same;
            } finally {
                Unistd.close(s, pidfd);
            }
        }
    }

    void root(int tid) {
        tableOf.put(tid, tid);
        members.computeIfAbsent(tid, t -> new HashSet<>()).add(tid);
    }

    void forked(int parent, int child, boolean sharesFiles) {
        int parentTable = table(parent);
        int table = sharesFiles ? parentTable : child;
        tableOf.put(child, table);
        members.computeIfAbsent(table, t -> new HashSet<>()).add(child);
        if (!sharesFiles) {
            Map<Integer, Held> inherited = new HashMap<>();
            copies.getOrDefault(parentTable, Map.of()).forEach((fd, held) -> {
                Held again = again(held);
                if (again != null) {
                    inherited.put(fd, again);
                }
            });
            if (!inherited.isEmpty()) {
                copies.put(table, inherited);
            }
        }
    }

    /**
     * The tracee's {@code fd} now names a file it just opened: takes a copy when it is a regular file and
     * returns its stat (the baseline). The caller has released what the number named before, ahead of
     * reporting the open.
     */
    Optional<FileStat> opened(int tid, int fd, boolean readable, boolean writable) {
        int copy = copy(tid, fd);
        if (copy < 0) {
            if (readable) {
                events.accept(new TraceEvent.Read(tid, fd, 1));
            }
            if (writable) {
                events.accept(new TraceEvent.Written(tid, fd, 1));
            }
            return ByteFiles.stat(PtraceSession.fdPath(tid, fd));
        }
        Optional<FileStat> stat = ByteFiles.fstat(copy);
        if (stat.isEmpty() || !stat.get().isRegularFile()) {
            // At once, not in the background: a copy of a pipe's or FIFO's end would hold off its reader's EOF.
            Unistd.close(state, copy);
            return Optional.empty();
        }
        copies.computeIfAbsent(table(tid), t -> new HashMap<>()).put(fd, new Held(copy, readable, writable));
        return stat;
    }

    /**
     * {@code newFd} now duplicates {@code oldFd}: held too when {@code oldFd} is (a regular file). The
     * caller has released what {@code newFd} named before, ahead of reporting the dup.
     */
    void duplicated(int tid, int oldFd, int newFd) {
        verify(tid, oldFd); // the number may have been reused by a call that is not stopped on (pipe, socket)
        Map<Integer, Held> held = copies.get(table(tid));
        Held old = held == null ? null : held.get(oldFd);
        Held again = old == null ? null : again(old);
        if (again != null) {
            held.put(newFd, again);
        }
    }

    /** Another copy of the same open file description (for a second number, or a forked table); null if dup fails. */
    private Held again(Held held) {
        int copy = Pidfd.dup(state, held.copy());
        return copy < 0 ? null : new Held(copy, held.readable(), held.writable());
    }

    /** The tracee's {@code fd} is gone or about to be replaced: reports the copy's last state. */
    void release(int tid, int fd) {
        Held copy = take(tid, fd);
        if (copy != null) {
            flush(tid, fd, copy, true);
        }
    }

    /** The tracee is about to lock {@code fd}: reports the copy's state so far and lets the description go. */
    void letGo(int tid, int fd) {
        Held copy = take(tid, fd);
        if (copy != null) {
            flush(tid, fd, copy, false);
            closer.drain(); // the lock must be the tracee's alone before it runs on
            closesSinceDrain = 0;
        }
    }

    /** Removes and returns the copy held for the tracee's {@code fd}, if any. */
    private Held take(int tid, int fd) {
        Map<Integer, Held> held = copies.get(table(tid));
        return held == null ? null : held.remove(fd);
    }

    void releaseRange(int tid, int first, int last) {
        Map<Integer, Held> held = copies.get(table(tid));
        if (held == null) {
            return;
        }
        for (int fd : new ArrayList<>(held.keySet())) {
            if (Integer.compareUnsigned(fd, first) >= 0 && Integer.compareUnsigned(fd, last) <= 0) {
                flush(tid, fd, held.remove(fd), true);
            }
        }
    }

    /** Before a call uses {@code fd}: if it no longer names the held description, that one was closed. */
    void verify(int tid, int fd) {
        Map<Integer, Held> held = copies.get(table(tid));
        Held copy = held == null ? null : held.get(fd);
        if (copy != null && Pidfd.compareFiles(state, tid, self, fd, copy.copy()) != 0) {
            held.remove(fd);
            flush(tid, fd, copy, true);
        }
    }

    /** Flushes every held descriptor the task has closed since. */
    void verifyAll(int tid) {
        Map<Integer, Held> held = copies.get(table(tid));
        if (held != null) {
            for (int fd : new ArrayList<>(held.keySet())) {
                verify(tid, fd);
            }
        }
    }

    /**
     * A task is about to exec: no copy may keep a file open for writing that no tracee has open any more
     * (the exec'd program could be that file), and every such copy is closed before the task runs on.
     */
    void beforeExec(int tid) {
        verifyAll(tid);
        // What the task's own open files did so far, while the classifier still has them (it drops the
        // close-on-exec ones when the exec is reported); the copies stay held until found closed.
        copies.getOrDefault(table(tid), Map.of()).forEach((fd, copy) -> report(tid, fd, copy));
        for (Map.Entry<Integer, Map<Integer, Held>> table : copies.entrySet()) {
            Integer member = anyMember(table.getKey());
            for (Map.Entry<Integer, Held> entry : new ArrayList<>(table.getValue().entrySet())) {
                Held copy = entry.getValue();
                if (copy.writable() && (member == null
                        || Pidfd.compareFiles(state, member, self, entry.getKey(), copy.copy()) != 0)) {
                    table.getValue().remove(entry.getKey());
                    flush(member == null ? tid : member, entry.getKey(), copy, true);
                }
            }
        }
        if (closesSinceDrain > 0) {
            closer.drain();
            closesSinceDrain = 0;
        }
    }

    /**
     * After an exec: close-on-exec descriptors are gone. {@code former} is the thread that called exec
     * when it was not the leader; it has taken over the leader's id.
     */
    void executed(int tid, int former) {
        if (former != tid) {
            forget(former);
        }
        closePidfd(tid);
        verifyAll(tid);
    }

    /** A task was reaped: when it was the last one using its table, every copy of that table is flushed. */
    void exited(int tid) {
        Integer table = tableOf.get(tid);
        if (table == null) {
            return;
        }
        Set<Integer> live = members.get(table);
        if (live != null && live.size() == 1 && live.contains(tid)) {
            Map<Integer, Held> held = copies.remove(table);
            if (held != null) {
                held.forEach((fd, copy) -> flush(tid, fd, copy, true));
            }
        }
        forget(tid);
    }

    /** Closes every copy still held (the session is over). */
    @Override
    public void close() {
        copies.values().forEach(held -> held.values().forEach(copy -> closer.close(copy.copy())));
        copies.clear();
        pidfds.values().forEach(pidfd -> Unistd.close(state, pidfd));
        pidfds.clear();
        closer.close();
    }

    private void forget(int tid) {
        Integer table = tableOf.remove(tid);
        if (table != null) {
            Set<Integer> live = members.get(table);
            if (live != null) {
                live.remove(tid);
                if (live.isEmpty()) {
                    members.remove(table);
                    Map<Integer, Held> orphaned = copies.remove(table);
                    if (orphaned != null) {
                        orphaned.values().forEach(copy -> {
                            closer.close(copy.copy());
                            closesSinceDrain += copy.writable() ? 1 : 0;
                        });
                    }
                }
            }
        }
        closePidfd(tid);
    }

    /**
     * Reports what was done through the copy: the offset tells reads (only when the tracee could read),
     * size and mtime tell writes (only when it could write; otherwise the values are left for the
     * classifier's baseline to match, since another writer's change is not this descriptor's).
     */
    private void flush(int tid, int fd, Held held, boolean closed) {
        report(tid, fd, held);
        closer.close(held.copy());
        if (held.writable()) {
            closesSinceDrain++;
        }
        if (closed) {
            events.accept(new TraceEvent.Closed(tid, fd));
        }
    }

    private void report(int tid, int fd, Held held) {
        long position = held.readable() ? Math.max(Pidfd.position(state, held.copy()), 0) : 0;
        Optional<FileStat> stat = held.writable() ? ByteFiles.fstat(held.copy()) : Optional.empty();
        if (held.writable() && stat.isPresent()) {
            events.accept(new TraceEvent.Probed(tid, fd, position, stat.get().size(), stat.get().mtimeNanos()));
        } else if (position > 0) {
            events.accept(new TraceEvent.Read(tid, fd, position));
        }
    }

    private Integer anyMember(int table) {
        Set<Integer> live = members.get(table);
        return live == null || live.isEmpty() ? null : live.iterator().next();
    }

    private int table(int tid) {
        return tableOf.getOrDefault(tid, tid);
    }

    private int copy(int tid, int fd) {
        int pidfd = pidfd(tid);
        return pidfd < 0 ? -1 : Pidfd.getFd(state, pidfd, fd);
    }

    private int pidfd(int tid) {
        Integer known = pidfds.get(tid);
        if (known != null) {
            return known;
        }
        int pidfd = Pidfd.open(state, tid, Pidfd.PIDFD_THREAD);
        if (pidfd < 0 && state.errno() == Errno.EINVAL) {
            pidfd = Pidfd.open(state, tid, 0); // before Linux 6.9: thread-group leaders only
        }
        if (pidfd >= 0) {
            pidfds.put(tid, pidfd);
        }
        return pidfd;
    }

    private void closePidfd(int tid) {
        Integer pidfd = pidfds.remove(tid);
        if (pidfd != null) {
            Unistd.close(state, pidfd);
        }
    }
}
