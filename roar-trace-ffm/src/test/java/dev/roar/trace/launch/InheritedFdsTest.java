package dev.roar.trace.launch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InheritedFdsTest {
    @Test
    void withoutTheLauncherOnlyStdioIsPassedOnAndEverythingAboveTheGateCloses() {
        InheritedFds fds = InheritedFds.parse("");
        assertThat(fds.fds()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(fds.closeFrom()).isEqualTo(4);
        assertThat(fds.toCloseBelowCloseFrom()).isEmpty();
    }

    @Test
    void aHighInheritedFdKeepsItselfAndClosesWhatThisProcessOpenedBelowIt() throws Exception {
        try (var opened = new java.io.FileInputStream("/dev/null")) {
            InheritedFds fds = InheritedFds.parse("0,1,2,9000,not-a-number,");
            assertThat(fds.fds()).containsExactlyInAnyOrder(0, 1, 2, 9000);
            assertThat(fds.closeFrom()).isEqualTo(9001);
            // This JVM's own descriptors (the one just opened among them) are all listed for closing.
            assertThat(fds.toCloseBelowCloseFrom()).isNotEmpty().allMatch(fd -> fd > 3 && fd < 9000);
        }
    }
}
