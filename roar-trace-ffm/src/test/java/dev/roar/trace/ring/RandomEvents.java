package dev.roar.trace.ring;

import dev.roar.trace.event.TraceEvent;
import dev.roar.trace.event.TraceEvent.*;

import java.util.Arrays;
import java.util.Random;

/** Seeded random events of every kind, with paths of any bytes and length up to PATH_MAX. */
final class RandomEvents {
    private final Random random;

    RandomEvents(long seed) {
        random = new Random(seed);
    }

    TraceEvent next() {
        int tid = random.nextInt(1 << 22);
        return switch (random.nextInt(17)) {
            case 0 -> new Forked(tid, random.nextInt(), random.nextBoolean(), random.nextBoolean());
            case 1 -> new Executed(tid, random.nextInt(), path());
            case 2 -> new Exited(tid);
            case 3 -> new Opened(tid, random.nextInt(), path(), random.nextInt(), random.nextInt(1024), random.nextBoolean());
            case 4 -> new Read(tid, random.nextInt(1024), random.nextLong());
            case 5 -> new Written(tid, random.nextInt(1024), random.nextLong());
            case 6 -> new Mapped(tid, random.nextInt(1024), random.nextBoolean(), random.nextBoolean());
            case 7 -> new Closed(tid, random.nextInt(1024));
            case 8 -> new ClosedRange(tid, random.nextInt(), random.nextInt());
            case 9 -> new Duplicated(tid, random.nextInt(), random.nextInt(), random.nextBoolean());
            case 10 -> new Renamed(tid, random.nextInt(), path(), random.nextInt(), path());
            case 11 -> new Linked(tid, random.nextInt(), path(), random.nextInt(), path());
            case 12 -> new Unlinked(tid, random.nextInt(), path());
            case 13 -> random.nextBoolean() ? new Truncated(tid, random.nextInt(), path(), -1) : new Truncated(tid, 0, null, random.nextInt(64));
            case 15 -> new Baseline(tid, random.nextInt(1024), random.nextLong(), random.nextLong());
            case 16 -> new Probed(tid, random.nextInt(1024), random.nextLong(), random.nextLong(), random.nextLong());
            default -> random.nextBoolean() ? new ChangedDirectory(tid, path(), -1) : new ChangedDirectory(tid, null, random.nextInt(64));
        };
    }

    private byte[] path() {
        int length = random.nextInt(10) == 0 ? random.nextInt(4097) : random.nextInt(64);
        byte[] path = new byte[length];
        random.nextBytes(path);
        return path;
    }

    /** Records hold byte[] fields, whose equals is identity: compare them as text with bytes spelled out. */
    static String describe(TraceEvent event) {
        return switch (event) {
            case Executed e -> "Executed(" + e.tid() + "," + e.dirFd() + "," + Arrays.toString(e.path()) + ")";
            case Opened e -> "Opened(" + e.tid() + "," + e.dirFd() + "," + Arrays.toString(e.path()) + "," + e.flags() + "," + e.fd() + "," + e.created() + ")";
            case Renamed e -> "Renamed(" + e.tid() + "," + e.fromDirFd() + "," + Arrays.toString(e.from()) + "," + e.toDirFd() + "," + Arrays.toString(e.to()) + ")";
            case Linked e -> "Linked(" + e.tid() + "," + e.fromDirFd() + "," + Arrays.toString(e.from()) + "," + e.toDirFd() + "," + Arrays.toString(e.to()) + ")";
            case Unlinked e -> "Unlinked(" + e.tid() + "," + e.dirFd() + "," + Arrays.toString(e.path()) + ")";
            case Truncated e -> "Truncated(" + e.tid() + "," + e.dirFd() + "," + Arrays.toString(e.path()) + "," + e.fd() + ")";
            case ChangedDirectory e -> "ChangedDirectory(" + e.tid() + "," + Arrays.toString(e.path()) + "," + e.fd() + ")";
            default -> event.toString();
        };
    }
}
