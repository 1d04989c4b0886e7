package dev.roar.trace.launch;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandbyThreadTest {

    @Test
    void runsItsOneTaskOnTheThreadStartedAhead() throws InterruptedException {
        StandbyThread standby = new StandbyThread("standby-test");
        AtomicReference<String> ranOn = new AtomicReference<>();
        Thread thread = standby.run(() -> ranOn.set(Thread.currentThread().getName()));
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(ranOn.get()).isEqualTo("standby-test");
        assertThatThrownBy(() -> standby.run(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("standby-test");
    }
}
