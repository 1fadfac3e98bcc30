package dev.switchboard.core.event;

import java.util.List;

/**
 * Where a switch sends its events, after each change. Implementations never block the switch.
 */
public interface EventSink {

    /** Takes an event. Must not block. */
    void publish(SwitchEvent event);

    /**
     * Whether the sink can take the events of one more command. The switch refuses new commands while it cannot,
     * so that a slow consumer slows clients down instead of losing events or blocking the switch.
     */
    default boolean hasRoom() {
        return true;
    }

    /** A sink that hands every event to each of {@code sinks}, in order. */
    static EventSink fanOut(List<? extends EventSink> sinks) {
        List<EventSink> copy = List.copyOf(sinks);
        return new EventSink() {
            @Override
            public void publish(SwitchEvent event) {
                for (EventSink sink : copy) {
                    sink.publish(event);
                }
            }

            @Override
            public boolean hasRoom() {
                for (EventSink sink : copy) {
                    if (!sink.hasRoom()) {
                        return false;
                    }
                }
                return true;
            }
        };
    }
}
