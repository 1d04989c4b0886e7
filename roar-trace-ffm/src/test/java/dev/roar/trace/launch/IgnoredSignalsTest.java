package dev.roar.trace.launch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IgnoredSignalsTest {
    @Test
    void readsTheSigIgnMaskOfAStatusText() {
        String status = "Name:\tsh\nSigQ:\t0/96226\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
                + "SigBlk:\t0000000000010000\nSigIgn:\t8000000000000003\nSigCgt:\t0000000000010000\n";
        assertThat(IgnoredSignals.parse(status)).containsExactly(1, 2, 64);
        assertThat(IgnoredSignals.parse("Name:\tsh\nSigIgn:\t0000000000000000\n")).isEmpty();
        assertThat(IgnoredSignals.parse("Name:\tsh\n")).isEmpty();
        assertThat(IgnoredSignals.parse("Name:\tsh\nSigIgn:\tnot-hex\n")).isEmpty();
    }

    @Test
    void readsThisProcessesMaskThroughOneNativeRead() throws Exception {
        // Setting a signal to ignored here would leak into every later test's children: compare with NIO instead.
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
        assertThat(status).contains("\nSigIgn:");
        assertThat(IgnoredSignals.now()).isEqualTo(IgnoredSignals.parse(status));
    }
}
