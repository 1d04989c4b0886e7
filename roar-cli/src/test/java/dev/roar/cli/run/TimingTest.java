package dev.roar.cli.run;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TimingTest {
    @Test
    void processAgeAgreesWithTheJvmsOwnUptimeToTheClockTick() throws InterruptedException {
        Thread.sleep(50);
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long age = Timing.processAgeMillis(ProcessHandle.current().pid()).orElseThrow();
        // The process exists a little before the JVM counts its uptime; /proc counts in 10 ms ticks.
        assertThat(age).isBetween(jvmUptime - 20, jvmUptime + 500);
    }
}
