package dev.switchboard.core.view;

import java.time.Instant;
import java.util.Objects;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.Dn;

/**
 * An immutable view of a device at one moment: what GET requests and notifications show.
 *
 * @param userId          the user the device is assigned to by a contact-center session, or {@code null}
 * @param readyWorkMode   the work mode of the Ready request, or {@code null}
 * @param forwardTo       the number calls are forwarded to, or {@code null} when forwarding is off
 * @param agentStateSince when the agent state last changed
 * @param monitoring      the monitoring subscription of this (supervisor's) device, or {@code null}
 * @param monitoredBy     the user id of the supervisor who monitors this device, or {@code null}
 * @param reason          why the agent is in this state (a configured reason code), or {@code null}
 */
public record DeviceView(Dn dn, String userId, AgentState agentState, ReadyWorkMode readyWorkMode,
                         boolean doNotDisturb, String forwardTo, Instant agentStateSince, MonitoringView monitoring,
                         String monitoredBy, String reason, PhoneState phone) {

    public DeviceView {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(agentState, "agentState");
        Objects.requireNonNull(phone, "phone");
    }

    /** A device with no phone state of its own (no phone ever registered). */
    public DeviceView(Dn dn, String userId, AgentState agentState, ReadyWorkMode readyWorkMode, boolean doNotDisturb,
                      String forwardTo, Instant agentStateSince, MonitoringView monitoring, String monitoredBy, String reason) {
        this(dn, userId, agentState, readyWorkMode, doNotDisturb, forwardTo, agentStateSince, monitoring, monitoredBy, reason,
                PhoneState.NONE);
    }

    /** A device in a state without a reason. */
    public DeviceView(Dn dn, String userId, AgentState agentState, ReadyWorkMode readyWorkMode, boolean doNotDisturb,
                      String forwardTo, Instant agentStateSince, MonitoringView monitoring, String monitoredBy) {
        this(dn, userId, agentState, readyWorkMode, doNotDisturb, forwardTo, agentStateSince, monitoring, monitoredBy, null);
    }

    /** A device that neither monitors nor is monitored. */
    public DeviceView(Dn dn, String userId, AgentState agentState, ReadyWorkMode readyWorkMode, boolean doNotDisturb,
                      String forwardTo, Instant agentStateSince) {
        this(dn, userId, agentState, readyWorkMode, doNotDisturb, forwardTo, agentStateSince, null, null, null);
    }

    public String id() {
        return dn.id();
    }

    public String number() {
        return dn.number();
    }

    public boolean isForwarding() {
        return forwardTo != null;
    }
}
