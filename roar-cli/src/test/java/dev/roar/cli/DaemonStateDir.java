package dev.roar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A roar daemon's state directory as tests see it: the pid it publishes, its log, stopping it. */
record DaemonStateDir(Path path) {
    /** The pid in the state file ("PORT TOKEN PID JAR"), if a daemon has published one. */
    Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(path.resolve("daemon")).strip().split(" ")[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The published pid, waiting up to 60 s for a daemon to publish one. */
    long awaitPid() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = pid();
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no roar daemon published " + path.resolve("daemon") + " within 60 s; log: " + log());
    }

    String log() {
        try {
            Path log = path.resolve("daemon.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the published daemon, if any, and waits (up to 30 s) for it to be gone. */
    void stop() {
        pid().flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroy();
            awaitExit(p.pid());
        });
    }

    static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    }
}
