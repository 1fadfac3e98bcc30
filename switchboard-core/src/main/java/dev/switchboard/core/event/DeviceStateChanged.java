package dev.switchboard.core.event;

import java.time.Instant;
import java.util.Objects;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.view.DeviceView;

/**
 * A device changed. GWS turns this into a {@code DeviceStateChangeMessage} with the full device.
 *
 * @param userId        the user the device belongs to for this change (for a logout, the user who logged out)
 * @param previousState the agent state before the change (the same as the device's for changes that leave it)
 */
public record DeviceStateChanged(Instant at, String userId, DeviceView device, DeviceChange change, AgentState previousState)
        implements SwitchEvent {

    public DeviceStateChanged {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(previousState, "previousState");
    }
}
