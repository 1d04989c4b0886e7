package dev.roar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * C1-C18 with every run, status, log, dag, show and diff served by a roar daemon of the test class's own
 * (ROAR_DAEMON=require: a command it does not serve fails), including Ctrl-C, stdin and the limits and
 * ignored signals a command must get from the client's shell. The subclasses pick the backend.
 */
abstract class DaemonCaptureScenarios extends CaptureScenarios {
    @TempDir
    static Path daemonHome;

    @BeforeAll
    static void startDaemon() throws Exception {
        RoarProcess.serveThroughDaemon(daemonHome.resolve("state"));
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        RoarProcess.stopDaemon(daemonHome.resolve("state"));
    }
}
