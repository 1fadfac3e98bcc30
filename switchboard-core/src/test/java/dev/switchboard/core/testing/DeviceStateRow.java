package dev.switchboard.core.testing;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.DeviceView;

/**
 * The parts of a {@link DeviceStateChanged} that model tests compare, so that an expected event sequence reads as a
 * table: {@code List.of(new DeviceStateRow(agent1, "5001", LOGIN, NOT_READY, false, null), ...)}.
 *
 * @param userId    the user the event is for
 * @param number    the device's DN number
 * @param forwardTo the forwarding destination, or {@code null}
 */
public record DeviceStateRow(String userId, String number, DeviceChange change, AgentState agentState,
                             boolean doNotDisturb, String forwardTo) {

    /** The row of {@code event}, which must be a {@link DeviceStateChanged}. */
    public static DeviceStateRow of(SwitchEvent event) {
        if (!(event instanceof DeviceStateChanged changed)) {
            throw new AssertionError("Not a DeviceStateChanged: " + event);
        }
        DeviceView device = changed.device();
        return new DeviceStateRow(changed.userId(), device.number(), changed.change(), device.agentState(),
                device.doNotDisturb(), device.forwardTo());
    }
}
