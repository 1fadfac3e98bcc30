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

    private static SwitchEvent event(long millis) {
        return new MonitoringEvent(Instant.ofEpochMilli(millis), "supervisor", "JOIN", "5001", null, null);
    }
}
