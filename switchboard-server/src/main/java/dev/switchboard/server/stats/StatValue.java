package dev.switchboard.server.stats;

import java.time.Instant;
import java.util.Map;

import dev.switchboard.core.agent.AgentState;

/**
 * The value of a statistic at one moment. Values are compared with {@code equals} to decide whether a subscriber is
 * told: a value holds what changes only with events (a start instant, not an elapsed time that grows by itself).
 */
public sealed interface StatValue {

    /** A number of calls. */
    record Count(long count) implements StatValue {
    }

    /** An average duration over {@code count} calls ({@code 0} when there is none), in milliseconds. */
    record Average(long totalMillis, long count) implements StatValue {
        public Average {
            // After-call work may be in an interval whose call is not: with no call there is no average.
            totalMillis = count == 0 ? 0 : totalMillis;
        }

        /** The average in whole seconds, rounded; 0 with no calls. */
        public long seconds() {
            return count == 0 ? 0 : Math.round(totalMillis / 1000.0 / count);
        }
    }

    /** A share: {@code part} of {@code total}; 100 % when there is nothing to count. */
    record Percent(long part, long total) implements StatValue {
        public double percent() {
            return total == 0 ? 100.0 : part * 100.0 / total;
        }
    }

    /**
     * An agent's state.
     *
     * @param reason the reason code of the state, or {@code null}
     * @param since  when the agent entered it, or {@code null} when never seen logged in
     * @param dn     the DN the agent is logged in on, or {@code null}
     */
    record AgentStatus(AgentState state, String reason, Instant since, String dn) implements StatValue {
    }

    /** Since when the longest-waiting call waits, or {@code null} when no call waits. */
    record Oldest(Instant since) implements StatValue {
    }

    /** How many agents are in each state (every state present, 0 included). */
    record StateCounts(Map<AgentState, Integer> counts) implements StatValue {
        public StateCounts {
            counts = Map.copyOf(counts);
        }
    }
}
