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
     * A consumer that hands every event to each of {@code consumers}, in order, and the end of each batch to those
     * that are {@link BatchingConsumer}s. A consumer that fails loses the event (or the batch) for itself alone: the
     * ones after it still get it.
     */
    public static BatchingConsumer each(List<? extends Consumer<SwitchEvent>> consumers) {
        List<Consumer<SwitchEvent>> copy = List.copyOf(consumers);
        return new BatchingConsumer() {
            @Override
            public void accept(SwitchEvent event) {
                for (Consumer<SwitchEvent> consumer : copy) {
                    try {
                        consumer.accept(event);
                    } catch (RuntimeException | LinkageError | AssertionError failure) {
                        LOG.error("Event consumer {} failed on {}", consumer, event, failure);
                    }
                }
            }

            @Override
            public void batchEnded() {
                for (Consumer<SwitchEvent> consumer : copy) {
                    if (consumer instanceof BatchingConsumer batching) {
                        try {
                            batching.batchEnded();
                        } catch (RuntimeException | LinkageError | AssertionError failure) {
                            LOG.error("Event consumer {} failed at the end of a batch", consumer, failure);
                        }
                    }
                }
            }
        };
    }
}
