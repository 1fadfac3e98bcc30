package dev.switchboard.core.model;

import java.time.Instant;

import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/**
 * A supervisor's monitoring subscription. Only the switch thread touches it.
 *
 * <p>Its lifecycle is a small state machine, with transitions named after the events that cause them:
 * {@link Phase#WAITING} for a call of the target, {@link #onJoined} → {@link Phase#ON_CALL} with a leg in the
 * monitored call, {@link #onLeft} → back to waiting, and {@link #onEnded} → {@link Phase#ENDED} from either.
 */
public final class Subscription {
    public final Device supervisor;
    public final String supervisorUserId;
    /** The monitored agent device, or {@code null} when a routing point or queue is monitored. */
    public final Device target;
    public final String targetNumber;
    public final MonitoringMode mode;
    public final MonitoringScope scope;
    public final Instant created;
    /**
     * What the subscription asks for: each new call starts with it again. As created, unless the supervisor switched
     * the subscription itself ({@link #switchedTo}).
     */
    private MonitoringType requested;
    /** The way of monitoring: as requested, then as switched during a call. */
    public MonitoringType type;
    /** Whether the supervisor muted the monitored agent on the current call. */
    public boolean monitoredUserMuted;
    private Phase phase = Phase.WAITING;
    private Party leg;

    /** Where a subscription is in its life. */
    public enum Phase {
        /** Waiting for a call of the target. */
        WAITING,
        /** The supervisor has a leg in a monitored call. */
        ON_CALL,
        /** Over: cancelled, replaced, logged out, or NextCall done. */
        ENDED
    }

    public Subscription(Device supervisor, String supervisorUserId, Device target, String targetNumber, MonitoringType type,
                        MonitoringMode mode, MonitoringScope scope, Instant created) {
        this.supervisor = supervisor;
        this.supervisorUserId = supervisorUserId;
        this.target = target;
        this.targetNumber = targetNumber;
        this.type = type;
        this.requested = type;
        this.mode = mode;
        this.scope = scope;
        this.created = created;
    }

    public Phase phase() {
        return phase;
    }

    /** The supervisor's leg in the monitored call, or {@code null} between calls. */
    public Party leg() {
        return leg;
    }

    /** The supervisor joined a call: each call starts with the way asked for, the agent not muted. */
    public void onJoined(Party joined) {
        if (phase != Phase.WAITING) {
            throw new IllegalStateException("Cannot join in " + phase);
        }
        phase = Phase.ON_CALL;
        leg = joined;
        type = requested;
        monitoredUserMuted = false;
    }

    /**
     * The supervisor switched the subscription to {@code way} while on a call (the Switchboard extension, not a GWS
     * switch): this call goes on that way, and so does each next call.
     */
    public void switchedTo(MonitoringType way) {
        if (phase != Phase.ON_CALL) {
            throw new IllegalStateException("Cannot switch in " + phase);
        }
        requested = way;
        type = way;
    }

    /** The supervisor's leg {@code left} was released: the subscription waits for the next call. */
    public void onLeft(Party left) {
        if (leg == left) {
            leg = null;
            if (phase == Phase.ON_CALL) {
                phase = Phase.WAITING;
            }
        }
    }

    /** The subscription ended, whatever the reason. */
    public void onEnded() {
        phase = Phase.ENDED;
    }

    /**
     * The agent the leg monitors in its call: the target device's party; for a routing point or queue, the first agent
     * who answered the call; with scope Call, once the target left the call, the first agent who answered it since (an
     * agent it only rings at is not monitored yet: they may be outside the supervisor's groups).
     */
    public Party monitoredParty() {
        if (leg == null) {
            return null;
        }
        Party firstAgent = null;
        for (Party party : leg.call.parties) {
            if (party.active() && !party.supervising() && party.device != null && party.device != supervisor) {
                if (party.device == target) {
                    return party;
                }
                if (firstAgent == null && party.answered) {
                    firstAgent = party;
                }
            }
        }
        return target == null || scope == MonitoringScope.CALL ? firstAgent : null;
    }

    /**
     * The subscription as devices and lists show it: what was asked for. A GWS switch during a call changes that call's
     * way of monitoring only (the next call starts as asked again), so the view does not change with it; a switch of the
     * subscription ({@link #switchedTo}) does.
     */
    public MonitoringView view(String switchName) {
        return new MonitoringView(requested, mode, scope, target == null ? null : target.dn.id(), targetNumber, switchName,
                supervisorUserId, created);
    }

    @Override
    public String toString() {
        return "Subscription@" + Integer.toHexString(hashCode()) + "[" + supervisor.dn.number() + "->" + targetNumber + "," + type
                + "," + mode + "," + scope + "," + phase + (leg == null ? "" : ",on " + leg.call.id) + "]";
    }
}
