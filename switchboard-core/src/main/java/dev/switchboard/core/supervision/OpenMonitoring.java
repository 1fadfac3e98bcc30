package dev.switchboard.core.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the monitoring audit still has open: subscriptions with a REQUEST but no END, and their JOINs without a LEAVE.
 * A process that stops without ending them (kill -9, or a stop before issue 12) leaves them so; {@link #close} appends
 * the missing LEAVE and END, with the same kinds the switch writes, so that the log no longer says that a supervisor
 * listens to a call that is gone.
 *
 * <p>The audit names no subscription, but a supervisor has one at a time, so the log is read per supervisor: a
 * REQUEST to monitor (any REQUEST but {@value #CANCEL}) opens one unless a DENIAL answers it, an END closes one, a
 * JOIN puts the supervisor on a call and a LEAVE takes them off. A new request's REQUEST may come before the END of
 * the subscription it replaces (the API appends it before the switch acts, the switch's END comes through the
 * records hand-off), which is why opened subscriptions are counted rather than flagged.
 */
public final class OpenMonitoring {
    /** The detail of the REQUEST a CancelSupervisorMonitoring appends: it opens nothing. */
    static final String CANCEL = "CancelSupervisorMonitoring";

    private OpenMonitoring() {
    }

    /**
     * One supervisor's subscription left open in the audit.
     *
     * @param target       the monitored number of its latest REQUEST or JOIN
     * @param joinedCallId the call its JOIN has no LEAVE for, or {@code null}
     */
    public record Open(String supervisorUserId, String target, String joinedCallId) {
    }

    /** The subscriptions open at the end of these entries (oldest first), in the order their supervisors first appear. */
    public static List<Open> of(List<AuditEntry> entries) {
        Map<String, State> bySupervisor = new LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            AuditRecord record = entry.record();
            State state = bySupervisor.computeIfAbsent(record.supervisorUserId(), id -> new State());
            switch (record.kind()) {
                case "REQUEST" -> {
                    state.lastRequestOpens = !CANCEL.equals(record.detail());
                    if (state.lastRequestOpens) {
                        state.open++;
                        state.target = record.target();
                    }
                }
                case "DENIAL" -> {
                    if (state.lastRequestOpens && state.open > 0) {
                        state.open--;
                    }
                    state.lastRequestOpens = false;
                }
                case "JOIN" -> {
                    state.joinedCallId = record.callId();
                    state.joinedTarget = record.target();
                    // A JOIN is always of an open subscription, even when its REQUEST is not in these entries.
                    state.open = Math.max(state.open, 1);
                }
                case "LEAVE" -> state.joinedCallId = null;
                case "END" -> {
                    state.open = Math.max(0, state.open - 1);
                    // The subscription's leg left before its END; a JOIN still open here belongs to no subscription.
                    state.joinedCallId = null;
                }
                default -> {
                    // SWITCH, MUTE, UNMUTE: nothing opens or closes.
                }
            }
        }
        List<Open> open = new ArrayList<>();
        bySupervisor.forEach((supervisor, state) -> {
            for (int i = 0; i < state.open; i++) {
                boolean joined = i == state.open - 1 && state.joinedCallId != null;
                open.add(new Open(supervisor, joined ? state.joinedTarget : state.target, joined ? state.joinedCallId : null));
            }
        });
        return open;
    }

    /**
     * The supervisors whose open subscription (their latest) has joined a call since it was requested, whether or not
     * it left it since: a NextCall subscription among them has had its call.
     */
    public static Set<String> joinedSinceRequest(List<AuditEntry> entries) {
        Map<String, Boolean> joined = new LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            AuditRecord record = entry.record();
            switch (record.kind()) {
                case "REQUEST" -> {
                    if (!CANCEL.equals(record.detail())) {
                        joined.put(record.supervisorUserId(), false);
                    }
                }
                case "JOIN" -> joined.put(record.supervisorUserId(), true);
                case "END" -> joined.put(record.supervisorUserId(), false);
                default -> {
                    // DENIAL leaves the current subscription as it was; LEAVE, SWITCH, MUTE, UNMUTE do not unjoin.
                }
            }
        }
        Set<String> result = new java.util.LinkedHashSet<>();
        joined.forEach((supervisor, yes) -> {
            if (yes) {
                result.add(supervisor);
            }
        });
        return result;
    }

    /**
     * Appends a LEAVE (for an open JOIN) and an END for each subscription the audit has open, with {@code reason} as
     * their detail. Appends serialize in the audit, so the chain stays whole; each append is durable when it returns.
     *
     * @return the subscriptions closed
     */
    public static List<Open> close(MonitoringAudit audit, String reason, Instant at) {
        return close(audit, reason, at, Set.of());
    }

    /**
     * Like {@link #close(MonitoringAudit, String, Instant)}, but the latest open subscription of each supervisor in
     * {@code continuing} goes on (it survives the restart): it only leaves the call it had joined, which did not.
     *
     * @return the subscriptions closed or left
     */
    public static List<Open> close(MonitoringAudit audit, String reason, Instant at, Set<String> continuing) {
        List<Open> open = of(audit.entries());
        Map<String, Integer> latest = new HashMap<>();
        for (int i = 0; i < open.size(); i++) {
            latest.put(open.get(i).supervisorUserId(), i);
        }
        for (int i = 0; i < open.size(); i++) {
            Open subscription = open.get(i);
            boolean goesOn = continuing.contains(subscription.supervisorUserId()) && latest.get(subscription.supervisorUserId()) == i;
            if (subscription.joinedCallId() != null) {
                audit.append(new AuditRecord(at, "LEAVE", subscription.supervisorUserId(), subscription.target(),
                        subscription.joinedCallId(), reason));
            }
            if (!goesOn) {
                audit.append(new AuditRecord(at, "END", subscription.supervisorUserId(), subscription.target(), null, reason));
            }
        }
        return open;
    }

    private static final class State {
        int open;
        boolean lastRequestOpens;
        String target;
        String joinedCallId;
        String joinedTarget;
    }
}
