package dev.switchboard.core.event;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several consumers of the events behind one hand-off, so that they share its thread. */
public final class EventConsumers {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumers.class);

    private EventConsumers() {
    }

    /**
     * A consumer that hands every event to each of {@code consumers}, in order. A consumer that fails loses the event
     * for itself alone: the ones after it still get it.
     */
    public static Consumer<SwitchEvent> each(List<? extends Consumer<SwitchEvent>> consumers) {
        List<Consumer<SwitchEvent>> copy = List.copyOf(consumers);
        return event -> {
            for (Consumer<SwitchEvent> consumer : copy) {
                try {
                    consumer.accept(event);
                } catch (RuntimeException | LinkageError | AssertionError failure) {
                    LOG.error("Event consumer {} failed on {}", consumer, event, failure);
                }
            }
        };
    }
}
