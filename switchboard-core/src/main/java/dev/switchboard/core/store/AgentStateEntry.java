package dev.switchboard.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of an agent's state history.
 *
 * @param state    {@code LOGGED_OUT}, {@code NOT_READY}, {@code READY}, {@code AFTER_CALL_WORK} or {@code AUX_WORK}
 * @param workMode the Ready work mode, or {@code null}
 * @param login    whether this entry is a login
 * @param reason   why the agent is in the state (a configured reason code), or {@code null}
 */
public record AgentStateEntry(String userId, String deviceId, String state, String workMode, boolean login, Instant at,
                              String reason) {

    public AgentStateEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    /** An entry without a reason. */
    public AgentStateEntry(String userId, String deviceId, String state, String workMode, boolean login, Instant at) {
        this(userId, deviceId, state, workMode, login, at, null);
    }
}
