package dev.switchboard.core.telephony;

import java.time.Instant;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.time.Timers;

/** The switch's live state of one agent device. Only the switch thread touches it. */
final class Device {
    final Dn dn;
    String userId;
    AgentState agentState = AgentState.LOGGED_OUT;
    ReadyWorkMode readyWorkMode;
    boolean doNotDisturb;
    String forwardTo;
    Instant agentStateSince;
    Timers.Timer wrapUpTimer;
    /** The device's active call legs, oldest first. */
    final java.util.List<Party> legs = new java.util.ArrayList<>();
    /** The subscription this (supervisor's) device monitors with, or {@code null}. */
    Subscription monitoring;
    /** The subscription that monitors this device, or {@code null}. */
    Subscription monitoredBy;
    /** Since when the agent has been free for ACD calls (Ready, or done with the last call): longest idle goes first. */
    Instant idleSince;

    Device(Dn dn, Instant now) {
        this.dn = dn;
        this.agentStateSince = now;
        this.idleSince = now;
    }

    void changeAgentState(AgentState next, ReadyWorkMode workMode, Instant now) {
        cancelWrapUp();
        agentState = next;
        readyWorkMode = next == AgentState.READY ? workMode : null;
        agentStateSince = now;
    }

    void cancelWrapUp() {
        if (wrapUpTimer != null) {
            wrapUpTimer.cancel();
            wrapUpTimer = null;
        }
    }

    DeviceView view() {
        return new DeviceView(dn, userId, agentState, readyWorkMode, doNotDisturb, forwardTo, agentStateSince,
                monitoring == null ? null : monitoring.view(dn.environment()),
                monitoredBy == null ? null : monitoredBy.supervisorUserId);
    }

    @Override
    public String toString() {
        return "Device@" + Integer.toHexString(hashCode()) + "[" + dn.number() + "," + agentState + ",user=" + userId + "]";
    }
}
