package dev.roar.core.run;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KernelRandomTest {
    @Test
    void givesTheBytesAskedForAndNeverTheSameTwice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = KernelRandom.bytes(16);
            assertThat(bytes).hasSize(16);
            assertThat(seen.add(java.util.HexFormat.of().formatHex(bytes))).as("128 random bits repeated").isTrue();
        }
        // Every byte value position takes more than one value: not a constant or a zeroed buffer.
        assertThat(seen.stream().map(s -> s.substring(0, 2)).distinct().count()).isGreaterThan(50);
    }

    @Test
    void jobUidsAreEightHexDigits() {
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String uid = JobRecorder.newJobUid();
            assertThat(uid).matches("[0-9a-f]{8}");
            uids.add(uid);
        }
        assertThat(uids).hasSizeGreaterThan(95); // 32 bits: a repeat among 100 has odds of ~1 in a million
    }
}
