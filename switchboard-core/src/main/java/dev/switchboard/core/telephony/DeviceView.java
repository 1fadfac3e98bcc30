package dev.switchboard.core.telephony;

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
 */
public record DeviceView(Dn dn, String userId, AgentState agentState, ReadyWorkMode readyWorkMode,
                         boolean doNotDisturb, String forwardTo, Instant agentStateSince) {

    public DeviceView {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(agentState, "agentState");
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
