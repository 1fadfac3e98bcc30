package dev.switchboard.core.telephony;

import java.time.Instant;

import dev.switchboard.core.supervision.MonitoringMode;
import dev.switchboard.core.supervision.MonitoringScope;
import dev.switchboard.core.supervision.MonitoringType;
import dev.switchboard.core.supervision.MonitoringView;

/** A supervisor's monitoring subscription. Only the switch thread touches it. */
final class Subscription {
    final Device supervisor;
    final String supervisorUserId;
    /** The monitored agent device, or {@code null} when a routing point or queue is monitored. */
    final Device target;
    final String targetNumber;
    final MonitoringMode mode;
    final MonitoringScope scope;
    final Instant created;
    /** The way of monitoring: as requested, then as switched during a call. */
    MonitoringType type;
    /** What the subscription was created as: each new call starts with it again. */
    final MonitoringType requested;
    /** The supervisor's leg in the monitored call, or {@code null} between calls. */
    Party leg;
    /** Whether the supervisor muted the monitored agent on the current call. */
    boolean monitoredUserMuted;

    Subscription(Device supervisor, String supervisorUserId, Device target, String targetNumber, MonitoringType type,
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

    /**
     * The subscription as devices and lists show it: what was asked for. A switch during a call changes that call's
     * way of monitoring only (the next call starts as asked again), so the view does not change with it.
     */
    MonitoringView view(String switchName) {
        return new MonitoringView(requested, mode, scope, target == null ? null : target.dn.id(), targetNumber, switchName,
                supervisorUserId, created);
    }

    @Override
    public String toString() {
        return "Subscription@" + Integer.toHexString(hashCode()) + "[" + supervisor.dn.number() + "->" + targetNumber + "," + type
                + "," + mode + "," + scope + (leg == null ? "" : ",on " + leg.call.id) + "]";
    }
}
