package dev.switchboard.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Several consumers sharing one hand-off's thread. */
class EventConsumersTest {

    @Test
    void everyConsumerGetsEveryEventInOrderEvenAfterOneFails() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Consumer<SwitchEvent> failing = event -> {
            seen.add("failing " + event.at().toEpochMilli());
            throw new IllegalStateException("consumer bug");
        };
        Consumer<SwitchEvent> last = event -> seen.add("last " + event.at().toEpochMilli());
        Consumer<SwitchEvent> each = EventConsumers.each(List.of(failing, last));

        each.accept(event(1));
        each.accept(event(2));

        assertThat(seen).containsExactly("failing 1", "last 1", "failing 2", "last 2");
    }

    @Test
    void theEndOfABatchReachesTheBatchingConsumersEvenAfterOneFails() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchingConsumer failing = batching("failing", seen, true);
        BatchingConsumer last = batching("last", seen, false);
        Consumer<SwitchEvent> plain = event -> seen.add("plain " + event.at().toEpochMilli());
        BatchingConsumer each = EventConsumers.each(List.of(failing, plain, last));

        each.accept(event(1));
        each.batchEnded();

        assertThat(seen).containsExactly("failing 1", "plain 1", "last 1", "failing end", "last end");
    }

    /** A batching consumer that writes down what it is given as "name millis" and "name end". */
    private static BatchingConsumer batching(String name, List<String> seen, boolean failsAtTheEnd) {
        return new BatchingConsumer() {
            @Override
            public void accept(SwitchEvent event) {
                seen.add(name + " " + event.at().toEpochMilli());
            }

            @Override
            public void batchEnded() {
                seen.add(name + " end");
                if (failsAtTheEnd) {
                    throw new IllegalStateException("store down");
                }
            }
        };
    }

    private static SwitchEvent event(long millis) {
        return new MonitoringEvent(Instant.ofEpochMilli(millis), "supervisor", "JOIN", "5001", null, null);
    }
}
