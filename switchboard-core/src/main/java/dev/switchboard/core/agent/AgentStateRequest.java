package dev.switchboard.core.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * A request to change the agent state on the voice channel.
 *
 * @param target   the state asked for; never {@link AgentState#LOGGED_OUT} (logout ends the contact-center session)
 * @param workMode for Ready, the optional work mode; otherwise {@code null}
 * @param wrapUp   for AfterCallWork, how long until the agent is Ready again, or {@code null} for no limit
 * @param reason   for NotReady, AfterCallWork and AuxWork, why (a reason code of the configuration), or {@code null}
 */
public record AgentStateRequest(AgentState target, ReadyWorkMode workMode, Duration wrapUp, String reason) {

    public AgentStateRequest {
        Objects.requireNonNull(target, "target");
        if (target == AgentState.LOGGED_OUT) {
            throw new IllegalArgumentException("Logout is EndContactCenterSession");
        }
    }

    /** A request without a reason. */
    public AgentStateRequest(AgentState target, ReadyWorkMode workMode, Duration wrapUp) {
        this(target, workMode, wrapUp, null);
    }

    public static AgentStateRequest of(AgentState target) {
        return new AgentStateRequest(target, null, null, null);
    }
}
