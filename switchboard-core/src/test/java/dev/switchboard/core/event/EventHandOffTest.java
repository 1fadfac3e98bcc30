package dev.switchboard.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceView;

/** The bounded hand-off between a switch and one consumer thread. */
class EventHandOffTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(SwitchHarness.START, ZoneOffset.UTC);
    private static final Dn DN_5001;

    static {
        Directory directory = TestDirectory.build();
        DN_5001 = directory.dnByNumber(TestDirectory.ENVIRONMENT, "5001").orElseThrow();
    }

    private final List<SwitchEvent> consumed = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private EventHandOff handOff;

    @AfterEach
    void closeHandOff() {
        release.countDown();
        if (handOff != null) {
            handOff.close();
        }
    }

    @Test
    void capacityMustExceedTheHeadroom() {
        assertThatThrownBy(() -> new EventHandOff("small", EventHandOff.HEADROOM, CLOCK, consumed::add))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliversTenThousandEventsInOrder() {
        handOff = new EventHandOff("order", 20_000, CLOCK, consumed::add);
        List<SwitchEvent> published = IntStream.range(0, 10_000).mapToObj(EventHandOffTest::event).toList();

        published.forEach(handOff::publish);

        await().atMost(WAIT).until(() -> handOff.delivered() == published.size());
        assertThat(consumed).containsExactlyElementsOf(published);
        assertThat(handOff.overflowed()).isZero();
        assertThat(handOff.depth()).isZero();
    }

    @Test
    void aBatchedHandOffDeliversInOrderAndDrainsOnClose() {
        handOff = new EventHandOff("batched", 20_000, CLOCK, consumed::add, Duration.ofMillis(5));
        List<SwitchEvent> published = IntStream.range(0, 10_000).mapToObj(EventHandOffTest::event).toList();

        published.subList(0, 5_000).forEach(handOff::publish);
        await().atMost(WAIT).until(() -> handOff.delivered() == 5_000);
        published.subList(5_000, published.size()).forEach(handOff::publish);
        handOff.close();

        assertThat(consumed).containsExactlyElementsOf(published);
        assertThat(handOff.delivered()).isEqualTo(published.size());
        assertThat(handOff.overflowed()).isZero();
    }

    /** A consumer that writes down each event and each end of a batch: "e" + n, or "end". */
    private static final class BatchRecorder implements BatchingConsumer {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void accept(SwitchEvent event) {
            seen.add("e" + (event.at().toEpochMilli() - SwitchHarness.START.toEpochMilli()));
        }

        @Override
        public void batchEnded() {
            seen.add("end");
        }
    }

    @Test
    void aBatchedHandOffEndsABatchAfterEveryDrainOfAtMostSixtyFourAndBeforeItStops() {
        BatchRecorder recorder = new BatchRecorder();
        handOff = new EventHandOff("batch-ends", 2 * EventHandOff.HEADROOM, CLOCK, recorder, Duration.ofMillis(5));
        IntStream.range(0, 100).mapToObj(EventHandOffTest::event).forEach(handOff::publish);
        await().atMost(WAIT).until(() -> handOff.delivered() == 100);
        await().atMost(WAIT).until(() -> recorder.seen.get(recorder.seen.size() - 1).equals("end"));
        handOff.publish(event(100));
        handOff.close();

        List<String> seen = recorder.seen;
        assertThat(seen.stream().filter(s -> !s.equals("end")))
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 100).mapToObj(n -> "e" + n).toList());
        // Every event is followed by an end within 64 events, and the last one (published just before close) by one.
        int sinceEnd = 0;
        for (String s : seen) {
            sinceEnd = s.equals("end") ? 0 : sinceEnd + 1;
            assertThat(sinceEnd).as("events without an end of batch, in %s", seen).isLessThanOrEqualTo(64);
        }
        assertThat(seen.get(seen.size() - 1)).isEqualTo("end");
        assertThat(seen.get(seen.size() - 2)).isEqualTo("e100");
    }

    @Test
    void aHandOffWokenByEachEventEndsABatchWhenItsQueueIsEmpty() {
        BatchRecorder recorder = new BatchRecorder();
        handOff = new EventHandOff("batch-each", 2 * EventHandOff.HEADROOM, CLOCK, recorder);
        handOff.publish(event(0));
        await().atMost(WAIT).until(() -> recorder.seen.size() == 2);
        handOff.close();

        assertThat(recorder.seen).containsExactly("e0", "end", "end");
    }

    @Test
    void aBatchedHandOffKeepsTheHeadroomRule() throws InterruptedException {
        int capacity = EventHandOff.HEADROOM + 10;
        CountDownLatch consumerBlocked = new CountDownLatch(1);
        handOff = new EventHandOff("batched-room", capacity, CLOCK, blockingConsumer(consumerBlocked), Duration.ofMillis(1));
        handOff.publish(event(-1));
        assertThat(consumerBlocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("consumer took the first event").isTrue();

        for (int i = 0; i <= capacity - EventHandOff.HEADROOM; i++) {
            handOff.publish(event(i));
        }

        assertThat(handOff.hasRoom()).as("HEADROOM - 1 free while the consumer is stuck").isFalse();
        release.countDown();
        await().atMost(WAIT).until(() -> handOff.delivered() == capacity - EventHandOff.HEADROOM + 2);
        assertThat(handOff.hasRoom()).isTrue();
    }

    @Test
    void aNegativeBatchIntervalIsRefused() {
        assertThatThrownBy(() -> new EventHandOff("negative", 2 * EventHandOff.HEADROOM, CLOCK, consumed::add, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrowingConsumerDoesNotStopDelivery() {
        handOff = new EventHandOff("throwing", 2 * EventHandOff.HEADROOM, CLOCK, event -> {
            consumed.add(event);
            if (consumed.size() % 2 == 1) {
                throw new IllegalStateException("consumer bug on " + event);
            }
        });
        List<SwitchEvent> published = IntStream.range(0, 10).mapToObj(EventHandOffTest::event).toList();

        published.forEach(handOff::publish);

        await().atMost(WAIT).until(() -> handOff.delivered() == published.size());
        assertThat(consumed).containsExactlyElementsOf(published);
    }

    @Test
    void hasNoRoomWhenFewerThanHeadroomSlotsAreFree() throws InterruptedException {
        int capacity = EventHandOff.HEADROOM + 10;
        CountDownLatch consumerBlocked = new CountDownLatch(1);
        handOff = new EventHandOff("room", capacity, CLOCK, blockingConsumer(consumerBlocked));
        handOff.publish(event(-1));
        assertThat(consumerBlocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("consumer took the first event").isTrue();

        for (int i = 0; i < capacity - EventHandOff.HEADROOM; i++) {
            assertThat(handOff.hasRoom()).as("room with %d queued", i).isTrue();
            handOff.publish(event(i));
        }
        // Exactly HEADROOM of the capacity are free now: still room for one more command.
        assertThat(handOff.depth()).isEqualTo(capacity - EventHandOff.HEADROOM);
        assertThat(handOff.hasRoom()).isTrue();

        handOff.publish(event(capacity));
        assertThat(handOff.hasRoom()).as("HEADROOM - 1 free").isFalse();

        release.countDown();
        await().atMost(WAIT).until(() -> handOff.delivered() == capacity - EventHandOff.HEADROOM + 2);
        assertThat(handOff.hasRoom()).isTrue();
        assertThat(handOff.overflowed()).isZero();
    }

    @Test
    void countsEventsThatFindTheQueueFull() throws InterruptedException {
        int capacity = EventHandOff.HEADROOM + 1;
        CountDownLatch consumerBlocked = new CountDownLatch(1);
        handOff = new EventHandOff("full", capacity, CLOCK, blockingConsumer(consumerBlocked));
        handOff.publish(event(-1));
        assertThat(consumerBlocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // The queue holds capacity events plus the slot kept for the stop marker.
        for (int i = 0; i <= capacity; i++) {
            handOff.publish(event(i));
        }
        assertThat(handOff.overflowed()).isZero();
        handOff.publish(event(capacity + 1));

        assertThat(handOff.overflowed()).isEqualTo(1);
        release.countDown();
        await().atMost(WAIT).until(() -> handOff.delivered() == capacity + 2);
        assertThat(consumed).hasSize(capacity + 2).doesNotContain(event(capacity + 1));
    }

    @Test
    void closeDeliversWhatIsQueuedBeforeStopping() throws InterruptedException {
        CountDownLatch consumerBlocked = new CountDownLatch(1);
        handOff = new EventHandOff("close", 2 * EventHandOff.HEADROOM, CLOCK, blockingConsumer(consumerBlocked));
        List<SwitchEvent> published = IntStream.range(0, 100).mapToObj(EventHandOffTest::event).toList();
        published.forEach(handOff::publish);
        assertThat(consumerBlocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // Release the consumer only once close() has queued its stop marker behind the 99 waiting events.
        Thread releaser = new Thread(() -> {
            await().atMost(WAIT).until(() -> handOff.depth() == published.size());
            release.countDown();
        }, "releaser");
        releaser.start();

        handOff.close();

        assertThat(consumed).containsExactlyElementsOf(published);
        assertThat(handOff.delivered()).isEqualTo(published.size());
        releaser.join(WAIT.toMillis());
    }

    @Test
    void fanOutPublishesToEverySinkInOrderAndHasRoomOnlyIfAllHave() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TestSink first = new TestSink("first", seen);
        TestSink second = new TestSink("second", seen);
        EventSink fanOut = EventSink.fanOut(List.of(first, second));

        fanOut.publish(event(1));
        fanOut.publish(event(2));

        assertThat(seen).containsExactly("first 1", "second 1", "first 2", "second 2");
        assertThat(fanOut.hasRoom()).isTrue();
        second.hasRoom = false;
        assertThat(fanOut.hasRoom()).isFalse();
    }

    private Consumer<SwitchEvent> blockingConsumer(CountDownLatch consumerBlocked) {
        return event -> {
            consumed.add(event);
            consumerBlocked.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** A distinct event for each {@code n}: its time is START + n ms. */
    private static SwitchEvent event(int n) {
        DeviceView device = new DeviceView(DN_5001, null, AgentState.LOGGED_OUT, null, false, null, SwitchHarness.START);
        return new DeviceStateChanged(SwitchHarness.START.plusMillis(n), TestDirectory.userId("agent1"), device,
                DeviceChange.AGENT_STATE, AgentState.LOGGED_OUT);
    }

    private static final class TestSink implements EventSink {
        private final String name;
        private final List<String> seen;
        private volatile boolean hasRoom = true;

        TestSink(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        @Override
        public void publish(SwitchEvent event) {
            seen.add(name + " " + Duration.between(SwitchHarness.START, event.at()).toMillis());
        }

        @Override
        public boolean hasRoom() {
            return hasRoom;
        }
    }
}
