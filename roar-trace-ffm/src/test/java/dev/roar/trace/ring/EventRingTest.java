package dev.roar.trace.ring;

import dev.roar.trace.event.RecordingSink;
import dev.roar.trace.event.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class EventRingTest {
    private static long seed() {
        return Long.getLong("roar.test.seed", System.nanoTime());
    }

    @Test
    void everyKindRoundTripsExactlyAcrossManyWrapArounds() {
        long seed = seed();
        try (EventRing ring = new EventRing(16 * 1024)) {
            RandomEvents random = new RandomEvents(seed);
            List<String> sent = new ArrayList<>();
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                TraceEvent event = random.next();
                if (!ring.offer(event)) {
                    // A full ring has published everything it holds: the drain frees it all.
                    ring.drain(new RecordingSink(e -> received.add(RandomEvents.describe(e))));
                    assertThat(ring.offer(event)).as("fits once drained").isTrue();
                }
                sent.add(RandomEvents.describe(event));
            }
            ring.flush();
            ring.drain(new RecordingSink(e -> received.add(RandomEvents.describe(e))));
            assertThat(received).isEqualTo(sent);
        } catch (AssertionError e) {
            fail("seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    @Test
    void aFullRingRefusesAndCountsInsteadOfOverwriting() {
        try (EventRing ring = new EventRing(4096)) {
            TraceEvent event = new TraceEvent.Read(1, 3, 10);
            int accepted = 0;
            while (ring.offer(event)) {
                accepted++;
            }
            // header 4 + kind 4 + tid 4 + fd 4 + bytes 8 = 24 bytes a record
            assertThat(accepted).isEqualTo(4096 / 24);
            assertThat(ring.offer(event)).isFalse();
            assertThat(ring.rejectedOffers()).isEqualTo(2);
            // No flush: a full ring publishes what it holds, or a waiting producer would wait for ever.
            assertThat(ring.drain(new RecordingSink(e -> { }))).isEqualTo(accepted);
            assertThat(ring.offer(event)).isTrue();
        }
    }

    @Test
    void offersArePublishedOnFlushOrOnceEvery4KiB() {
        try (EventRing ring = new EventRing(1 << 16)) {
            TraceEvent read = new TraceEvent.Read(1, 3, 10);
            RecordingSink ignore = new RecordingSink(e -> { });
            assertThat(ring.offer(read)).isTrue();
            assertThat(ring.drain(ignore)).as("before a flush").isZero();
            ring.flush();
            assertThat(ring.drain(ignore)).as("after the flush").isEqualTo(1);
            int offered = 0;
            int seen = 0;
            while (seen == 0 && offered < 1000) {
                ring.offer(read);
                offered++;
                seen = ring.drain(ignore);
            }
            // 24 bytes a read record: a 4 KiB boundary is crossed within 171 of them.
            assertThat(offered).isBetween(1, 4096 / 24 + 1);
            assertThat(seen).isEqualTo(offered);
        }
    }

    @Test
    void oversizedEventsAndBadCapacitiesAreRefusedLoudly() {
        assertThatThrownBy(() -> new EventRing(5000)).isInstanceOf(IllegalArgumentException.class);
        try (EventRing ring = new EventRing(4096)) {
            assertThatThrownBy(() -> ring.offer(new TraceEvent.Unlinked(1, 0, new byte[4000])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds half the ring");
        }
    }

    @Test
    void producerAndConsumerThreadsSeeTheSameSequence() throws Exception {
        long seed = seed();
        int count = 200_000;
        try (EventRing ring = new EventRing(64 * 1024)) {
            List<String> sent = new ArrayList<>(count);
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                RandomEvents random = new RandomEvents(seed);
                for (int i = 0; i < count; i++) {
                    TraceEvent event = random.next();
                    sent.add(RandomEvents.describe(event));
                    while (!ring.offer(event)) {
                        Thread.onSpinWait();
                    }
                }
                ring.flush();
            });
            List<String> received = new ArrayList<>(count);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < count && System.nanoTime() < deadline) {
                if (ring.drain(new RecordingSink(e -> received.add(RandomEvents.describe(e)))) == 0) {
                    Thread.onSpinWait();
                }
            }
            producer.get(10, TimeUnit.SECONDS);
            assertThat(received).hasSize(count);
            assertThat(received).isEqualTo(sent);
        } catch (AssertionError e) {
            fail("seed " + seed + " (rerun with -Droar.test.seed=" + seed + ")", e);
        }
    }

    /** The start-up warm-up must pass every kind through the codec, or the first event of a missing kind pays the switch's bootstrap. */
    @Test
    void theWarmUpCoversEveryEventKindAndRoundTripsThem() {
        List<TraceEvent> kinds = EventRing.oneOfEachKind();
        assertThat(kinds.stream().map(Object::getClass).distinct().toList())
                .containsExactlyInAnyOrder(TraceEvent.class.getPermittedSubclasses());
        List<TraceEvent> back = new java.util.ArrayList<>();
        try (EventRing ring = new EventRing(1 << 16)) {
            kinds.forEach(e -> assertThat(ring.offer(e)).isTrue());
            ring.flush();
            ring.drain(new RecordingSink(back::add));
        }
        assertThat(back).hasSameSizeAs(kinds);
        for (int i = 0; i < kinds.size(); i++) {
            assertThat(back.get(i).toString().replaceAll("\\[B@[0-9a-f]+", "bytes"))
                    .isEqualTo(kinds.get(i).toString().replaceAll("\\[B@[0-9a-f]+", "bytes"));
        }
        EventRing.warmUp();
    }
}
