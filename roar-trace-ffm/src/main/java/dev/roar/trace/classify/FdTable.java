package dev.roar.trace.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's file descriptor table as the kernel keeps it: what each fd number names, and whether it closes on
 * exec. Nearly every event a trace holds (a read, a write, a probe, a close) looks an fd up, so fds below
 * {@link #DIRECT} sit in arrays indexed by number (no boxing, no hashing, no entry object per open); the rare
 * higher ones (a dup2 to a large number) go to a map, so one of them cannot make every copy on fork large.
 *
 * @param <F> what an fd names (the tracker's open file description)
 */
final class FdTable<F> {
    static final int DIRECT = 4096;

    private Object[] files;
    private boolean[] closeOnExec;
    /** One past the highest direct fd that may be set: copies and scans stop there. */
    private int limit;
    private Map<Integer, Entry<F>> beyond;

    private record Entry<F>(F file, boolean closeOnExec) {
    }

    FdTable() {
        this(new Object[16], new boolean[16], 0, null);
    }

    private FdTable(Object[] files, boolean[] closeOnExec, int limit, Map<Integer, Entry<F>> beyond) {
        this.files = files;
        this.closeOnExec = closeOnExec;
        this.limit = limit;
        this.beyond = beyond;
    }

    /** What {@code fd} names, or null (never opened, closed, or not a file the tracker follows). */
    @SuppressWarnings("unchecked")
    F get(int fd) {
        if (fd >= 0 && fd < limit) {
            return (F) files[fd];
        }
        if (beyond == null || fd < DIRECT) {
            return null;
        }
        Entry<F> entry = beyond.get(fd);
        return entry == null ? null : entry.file();
    }

    void put(int fd, F file, boolean closesOnExec) {
        if (fd < 0) {
            return;
        }
        if (fd >= DIRECT) {
            if (beyond == null) {
                beyond = new HashMap<>();
            }
            beyond.put(fd, new Entry<>(file, closesOnExec));
            return;
        }
        if (fd >= files.length) {
            int size = Math.min(DIRECT, Math.max(fd + 1, files.length * 2));
            files = Arrays.copyOf(files, size);
            closeOnExec = Arrays.copyOf(closeOnExec, size);
        }
        files[fd] = file;
        closeOnExec[fd] = closesOnExec;
        limit = Math.max(limit, fd + 1);
    }

    void remove(int fd) {
        if (fd >= 0 && fd < limit) {
            files[fd] = null;
            closeOnExec[fd] = false;
        } else if (fd >= DIRECT && beyond != null) {
            beyond.remove(fd);
        }
    }

    /** close_range(first, last): both bounds included, compared as the kernel does, unsigned. */
    void removeRange(int first, int last) {
        for (int fd = 0; fd < limit; fd++) {
            if (Integer.compareUnsigned(fd, first) >= 0 && Integer.compareUnsigned(fd, last) <= 0) {
                remove(fd);
            }
        }
        if (beyond != null) {
            beyond.keySet().removeIf(fd -> Integer.compareUnsigned(fd, first) >= 0 && Integer.compareUnsigned(fd, last) <= 0);
        }
    }

    /** What exec does to the table: every close-on-exec fd is closed. */
    void removeCloseOnExec() {
        for (int fd = 0; fd < limit; fd++) {
            if (closeOnExec[fd]) {
                remove(fd);
            }
        }
        if (beyond != null) {
            beyond.values().removeIf(Entry::closeOnExec);
        }
    }

    /** An independent table with the same entries: what fork gives a child that does not share its files. */
    FdTable<F> copy() {
        int size = Math.max(16, limit);
        return new FdTable<>(Arrays.copyOf(files, size), Arrays.copyOf(closeOnExec, size), limit,
                beyond == null ? null : new HashMap<>(beyond));
    }
}
