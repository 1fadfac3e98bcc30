package dev.switchboard.core.view;

import java.time.Instant;
import java.util.Objects;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;

/**
 * What of a device must survive a restart: whose it is, the agent state with its reason, work mode, start and
 * remaining wrap-up, do-not-disturb, forwarding, and the monitoring subscription it (a supervisor's device) holds.
 * Calls are not in it: they do not survive the process that carried their media.
 *
 * @param userId      the user of the device's contact-center session, or {@code null}
 * @param wrapUpEnds  when the after-call work returns the agent to Ready, or {@code null} for none
 * @param monitoring  the subscription this device monitors with, or {@code null}
 */
public record DeviceRecord(String deviceId, String userId, AgentState agentState, ReadyWorkMode workMode, String reason,
                           Instant agentStateSince, Instant wrapUpEnds, boolean doNotDisturb, String forwardTo,
                           MonitoringView monitoring) {

    public DeviceRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(agentState, "agentState");
        Objects.requireNonNull(agentStateSince, "agentStateSince");
    }

    /** Whether there is nothing to keep: a device nobody holds, logged out, without features or monitoring. */
    public boolean isBlank() {
        return userId == null && agentState == AgentState.LOGGED_OUT && !doNotDisturb && forwardTo == null && monitoring == null;
    }
}
