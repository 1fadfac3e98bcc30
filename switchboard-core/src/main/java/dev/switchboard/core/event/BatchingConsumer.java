package dev.switchboard.core.event;

import java.util.function.Consumer;

/**
 * A consumer of events that keeps what it makes of them until the batch they came in has ended: one write for many
 * events (the agent history's rows, one transaction per drain instead of one per change). An {@link EventHandOff}
 * tells it after each batch it drained, and before it stops.
 */
public interface BatchingConsumer extends Consumer<SwitchEvent> {

    /** The events given since the last call are all there is for now: write what they made. */
    void batchEnded();
}
