package dev.switchboard.core.event;

import java.time.Instant;

/**
 * Something that happened on a switch, after the change that caused it was applied. Events carry immutable views,
 * so consumers on other threads never read live model state.
 */
public sealed interface SwitchEvent permits DeviceStateChanged, CallStateChanged, CallChanged, CallFailed, DurableStateChanged,
        MonitoringEvent {

    /** When it happened, by the switch's clock. */
    Instant at();
}
