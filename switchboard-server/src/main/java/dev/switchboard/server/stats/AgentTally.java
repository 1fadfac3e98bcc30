package dev.switchboard.server.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.switchboard.core.agent.AgentState;

/** One agent's state and what the agent did: handled and missed calls, after-call work. */
final class AgentTally {
    /** A call of the agent's, while it lasts. */
    static final class LiveCall {
        boolean offered;
        Instant established;
    }

    AgentState state = AgentState.LOGGED_OUT;
    String reason;
    Instant since;
    String dn;
    final Map<String, LiveCall> calls = new HashMap<>();
    /** Handled calls: when each ended, and its talk and hold time. */
    final Timeline handled = new Timeline();
    /** Missed calls: when each ended. */
    final Timeline missed = new Timeline();
    /** After-call work: when each ended, and how long it lasted. */
    final Timeline afterCallWork = new Timeline();

    /** The agent's state changed (or not: the device may have changed otherwise). */
    void state(Instant at, AgentState next, String nextReason, Instant nextSince, String nextDn) {
        if (state == AgentState.AFTER_CALL_WORK && next != AgentState.AFTER_CALL_WORK && since != null) {
            afterCallWork.add(at, Math.max(0, Duration.between(since, at).toMillis()));
        }
        state = next;
        reason = nextReason;
        since = nextSince;
        dn = next == AgentState.LOGGED_OUT ? null : nextDn;
    }

    void prune(Instant keepFrom) {
        handled.prune(keepFrom);
        missed.prune(keepFrom);
        afterCallWork.prune(keepFrom);
    }

    StatValue.AgentStatus status() {
        return new StatValue.AgentStatus(state, reason, since, dn);
    }
}
