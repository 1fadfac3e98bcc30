package dev.switchboard.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.switchboard.core.view.DeviceRecord;

/**
 * The durable state of the devices a change touched, as it is after the change: the last event of every change that
 * touched one. A journal that keeps these, and hands them to {@code Switch.restore} at start, keeps sessions, agent
 * states, features and subscriptions across a restart. Told to no client.
 */
public record DurableStateChanged(Instant at, List<DeviceRecord> devices) implements SwitchEvent {

    public DurableStateChanged {
        Objects.requireNonNull(at, "at");
        devices = List.copyOf(devices);
    }
}
