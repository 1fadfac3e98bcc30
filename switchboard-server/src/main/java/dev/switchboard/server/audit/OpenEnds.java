package dev.switchboard.server.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.store.AgentHistoryStore;
import dev.switchboard.core.store.AgentStateEntry;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.supervision.OpenMonitoring;

/**
 * Closes what the stored records leave open when no switch carries it any more (issue 12): the monitoring audit's
 * subscriptions without an END (and JOINs without a LEAVE), and the agent histories whose latest row is not a logout.
 * Calls, sessions and subscriptions do not survive the process that carried them, so whatever the records still hold
 * open at a stop, or find open at a start (after kill -9), has ended; this writes that end down.
 *
 * <ul>
 *   <li>At a stop ({@link #SHUTDOWN}): after HTTP and the switches stopped and the records hand-offs delivered their
 *       events, before the store closes. What is open then is exactly what the switches had live.</li>
 *   <li>At a start ({@link #RESTART}): before serving, what a killed process left open.</li>
 * </ul>
 *
 * <p>It writes with the same writers as the switch's events ({@link MonitoringAudit#append}, durable when it returns,
 * and {@link AgentHistoryStore#append}, made durable by {@link AgentHistoryStore#sync}), the same kinds (LEAVE, END; a
 * {@code LOGGED_OUT} row), and the reason as the detail of the audit entries and the reason of the history rows.
 */
public final class OpenEnds {
    /** The reason written when the server stops in order. */
    public static final String SHUTDOWN = "shutdown";
    /** The reason written at start for what a previous process left open (it was killed, or crashed). */
    public static final String RESTART = "restart";
    private static final String LOGGED_OUT = "LOGGED_OUT";
    private static final Logger LOG = LoggerFactory.getLogger(OpenEnds.class);

    private OpenEnds() {
    }

    /**
     * What goes on across a stop or a restart (issue 12: sessions and subscriptions are durable).
     *
     * @param sessionUserIds    the users whose sessions go on: their agent histories stay open
     * @param supervisorUserIds the supervisors whose subscriptions go on: their audit subscriptions stay open (a call
     *                          they had joined still gets its LEAVE: calls do not survive)
     */
    public record Continuing(Set<String> sessionUserIds, Set<String> supervisorUserIds) {
        /** Nothing goes on. */
        public static final Continuing NOTHING = new Continuing(Set.of(), Set.of());

        public Continuing {
            sessionUserIds = Set.copyOf(sessionUserIds);
            supervisorUserIds = Set.copyOf(supervisorUserIds);
        }
    }

    /**
     * What was closed.
     *
     * @param subscriptions the audit's subscriptions that got an END (and a LEAVE when joined)
     * @param agents        the agent histories that got a {@code LOGGED_OUT} row
     */
    public record Closed(List<OpenMonitoring.Open> subscriptions, List<AgentStateEntry> agents) {
    }

    /**
     * Closes every open agent history and every open audit subscription, at {@code at} (or, for a history whose latest
     * row is later, at that row's time) and for {@code reason}. Each part is tried even when the other fails.
     *
     * @throws RuntimeException the first failure, once both parts were tried
     */
    public static Closed close(MonitoringAudit audit, AgentHistoryStore history, String reason, Instant at) {
        return close(audit, history, reason, at, Continuing.NOTHING);
    }

    /** {@link #close(MonitoringAudit, AgentHistoryStore, String, Instant)} but for what goes on. */
    public static Closed close(MonitoringAudit audit, AgentHistoryStore history, String reason, Instant at, Continuing continuing) {
        RuntimeException failure = null;
        List<AgentStateEntry> agents = new ArrayList<>();
        try {
            for (AgentStateEntry latest : history.latestEntries()) {
                if (!LOGGED_OUT.equals(latest.state()) && !continuing.sessionUserIds().contains(latest.userId())) {
                    Instant when = latest.at().isAfter(at) ? latest.at() : at;
                    history.append(new AgentStateEntry(latest.userId(), latest.deviceId(), LOGGED_OUT, null, false, when, reason));
                    agents.add(latest);
                }
            }
            history.sync();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Cannot close the open agent histories ({})", reason, e);
        }
        List<OpenMonitoring.Open> subscriptions = List.of();
        try {
            subscriptions = OpenMonitoring.close(audit, reason, at, continuing.supervisorUserIds());
        } catch (RuntimeException e) {
            LOG.error("Cannot close the open monitoring subscriptions of the audit ({})", reason, e);
            failure = failure == null ? e : failure;
        }
        LOG.info("event=close-open reason={} subscriptions={} joined={} agents={}", reason, subscriptions.size(),
                subscriptions.stream().filter(open -> open.joinedCallId() != null).count(), agents.size());
        if (failure != null) {
            throw failure;
        }
        return new Closed(subscriptions, agents);
    }
}
