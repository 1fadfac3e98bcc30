package dev.switchboard.core.supervision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Legs;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.model.Subscription;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * The life of supervisors' subscriptions on one switch: starting one (after {@link MonitoringPolicy} allowed it),
 * joining a call of the target as a {@link PartyRole#SUPERVISOR} party, following the call (scope Call) or leaving with
 * the agent (scope Agent), switching and muting during a call, and ending — whatever ends it, one device change
 * without monitoring and one audit entry. Switch thread only; the call mechanics tell it when a party is established,
 * a call arrives at a routing point or queue, and a party is released.
 */
public final class Supervision {
    /** How the audit's SWITCH of the subscription (the extension) differs from a GWS switch of the call only. */
    public static final String SUBSCRIPTION_SWITCHED = "(call and subscription)";

    private final Directory directory;
    private final VoiceEnvironment environment;
    private final Devices devices;
    private final Legs legs;
    private final Change change;
    private final Clock clock;
    private final Map<String, MonitoringView> published = new ConcurrentHashMap<>();
    /**
     * The supervisors' devices whose subscription is on a routing point or queue, in device order: what a call's
     * arrival looks through, instead of every device on the switch. Switch thread only.
     */
    private final List<Device> onNumbers = new ArrayList<>();

    public Supervision(Directory directory, VoiceEnvironment environment, Devices devices, Legs legs, Change change, Clock clock) {
        this.directory = directory;
        this.environment = environment;
        this.devices = devices;
        this.legs = legs;
        this.change = change;
        this.clock = clock;
    }

    // ---- requests ----

    /**
     * Starts monitoring {@code target} (a device, or {@code null} for a routing point or queue numbered
     * {@code targetNumber}) from the supervisor's device. The supervisor's subscription, if any, is replaced (and
     * ends). BargeIn joins a call the agent is already on when intrusion is enabled (ListenIn and Coach only when
     * configured to); otherwise the supervisor joins the next call.
     */
    public void start(Device supervisor, String supervisorUserId, Device target, String targetNumber, MonitoringRequest request) {
        if (supervisor.monitoring != null) {
            end(supervisor.monitoring, "replaced by a new request", true);
        }
        Subscription subscription = new Subscription(supervisor, supervisorUserId, target, targetNumber, request.type(),
                request.mode(), request.scope(), clock.instant());
        supervisor.monitoring = subscription;
        if (target != null) {
            target.monitoredBy = subscription;
            devices.refreshView(target);
        }
        devices.monitoringChanged(supervisor);
        publish(supervisor);
        if (target != null) {
            MonitoringSettings settings = environment.monitoring();
            boolean intrude = request.type() == MonitoringType.BARGE_IN ? settings.intrusionEnabled() : settings.listenInIntrudes();
            Party current = target.legs.stream().filter(p -> p.state == PartyState.ESTABLISHED && !p.supervising()).findFirst()
                    .orElse(null);
            if (intrude && current != null && mayMonitor(subscription, current) && supervises(subscription, current)) {
                join(subscription, current.call);
            }
        }
    }

    /**
     * Restores a subscription a previous process held, as it was created, waiting for the target's next call: joining
     * a call in progress is for a request, and no call survived the restart. Told to nobody; the caller announces
     * the device.
     */
    public void restore(Device supervisor, String supervisorUserId, Device target, String targetNumber, MonitoringRequest request,
                        Instant created) {
        Subscription subscription = new Subscription(supervisor, supervisorUserId, target, targetNumber, request.type(),
                request.mode(), request.scope(), created);
        supervisor.monitoring = subscription;
        if (target != null) {
            target.monitoredBy = subscription;
            devices.refreshView(target);
        }
        publish(supervisor);
    }

    /** Ends the supervisor's subscription and releases its monitoring leg; false when there is none. */
    public boolean cancel(Device supervisor) {
        if (supervisor.monitoring == null) {
            return false;
        }
        end(supervisor.monitoring, "cancelled by the supervisor", true);
        return true;
    }

    /** SwitchToListenIn / SwitchToBargeIn on the supervisor's leg: the way of this call only. */
    public void switchTo(Party leg, MonitoringType next) {
        leg.monitor.type = next;
        wayChanged(leg);
        audit(leg.monitor, "SWITCH", leg.call, next.wireName());
    }

    /**
     * The extension's switch of the subscription (SwitchToCoach / SwitchToListenIn under {@code /ext/v1}): the way of
     * this call and of each next call. The supervisor stays on the call; their device announces the subscription's new
     * way. The caller checked that the leg may switch ({@link #switchable}) and that the policy allows the new way.
     */
    public void switchSubscriptionTo(Party leg, MonitoringType next) {
        Subscription subscription = leg.monitor;
        subscription.switchedTo(next);
        wayChanged(leg);
        devices.monitoringChanged(subscription.supervisor);
        publish(subscription.supervisor);
        audit(subscription, "SWITCH", leg.call, next.wireName() + " " + SUBSCRIPTION_SWITCHED);
    }

    /** MuteMonitoredUser / UnmuteMonitoredUser on the supervisor's leg. */
    public void muteMonitoredUser(Party leg, boolean muted) {
        leg.monitor.monitoredUserMuted = muted;
        change.touch(leg.call);
        audit(leg.monitor, muted ? "MUTE" : "UNMUTE", leg.call, null);
    }

    /**
     * The device's user logs out: the subscription it monitors with and the one that monitors it end.
     *
     * @return whether any ended (the caller then publishes the call views while the devices are still their users')
     */
    public boolean loggedOut(Device device) {
        boolean ended = false;
        if (device.monitoring != null) {
            end(device.monitoring, "the supervisor logged out", true);
            ended = true;
        }
        if (device.monitoredBy != null) {
            end(device.monitoredBy, "the monitored agent logged out", true);
            ended = true;
        }
        return ended;
    }

    // ---- what the call mechanics tell ----

    /**
     * A party became established: its supervisor may join, or a supervisor following the call to it may not stay.
     *
     * <p>When an answer establishes the call, the dialing parties are established after the answering one: a supervisor
     * of a dialing party joins now, with the answering party, since joining then would change the parties under the
     * walk (and the supervisor's is the same change either way).
     */
    public void partyEstablished(Party party) {
        if (party.supervising()) {
            return;
        }
        Call call = party.call;
        Party supervisorLeg = call.supervisorLeg();
        if (supervisorLeg != null) {
            followed(supervisorLeg);
            return;
        }
        // A device's subscription joins only while its agent is one the supervisor supervises: someone else logged in
        // on the monitored place is not monitored (joining and leaving at once would tell the supervisor nothing).
        Subscription subscription = party.device == null ? null : party.device.monitoredBy;
        if (subscription != null && mayMonitor(subscription, party) && supervises(subscription, party)) {
            join(subscription, call);
            return;
        }
        for (Party dialing : call.parties) {
            Subscription theirs = dialing.device == null ? null : dialing.device.monitoredBy;
            if (dialing.state == PartyState.DIALING && theirs != null && mayMonitor(theirs, dialing) && supervises(theirs, dialing)) {
                join(theirs, call);
                return;
            }
        }
    }

    /** A call arrived at a routing point or queue: a supervisor monitoring it joins at once and follows it. */
    public void arrivedAt(Call call, String number) {
        if (call.supervisorLeg() != null) {
            return;
        }
        for (Device device : onNumbers) {
            Subscription subscription = device.monitoring;
            if (subscription != null && subscription.target == null && subscription.targetNumber.equals(number)
                    && mayJoin(subscription, call)) {
                join(subscription, call);
                return;
            }
        }
    }

    /** A party was released: a supervisor's leg ends its part of the call, an agent's may take the supervisor along. */
    public void partyReleased(Party party) {
        if (party.supervising()) {
            legEnded(party);
        } else {
            agentLeft(party);
        }
    }

    /** The call ended: that is why its supervisor leaves it, even when an agent's release came first. */
    public static void callEnded(Call call) {
        for (Party rest : call.everyone()) {
            if (rest.supervising() && rest.leaveReason == null) {
                rest.leaveReason = "the call ended";
            }
        }
    }

    /** Whether the supervisor's leg may switch between ways now (in a SIP Cluster a routing point's only once answered). */
    public boolean switchable(Subscription subscription) {
        if (subscription.target != null || environment.type() != EnvironmentType.SIP_CLUSTER) {
            return true;
        }
        return subscription.leg().call.active().stream().anyMatch(p -> p.device != null && p.state == PartyState.ESTABLISHED);
    }

    /** The active subscriptions, by supervisor device id (any thread). */
    public Map<String, MonitoringView> subscriptions() {
        return Map.copyOf(published);
    }

    // ---- the life of a subscription ----

    /** The leg's way changed: the supervisor speaks only barged in; who hears whom and the views follow from the call. */
    private void wayChanged(Party leg) {
        leg.muted = leg.monitor.type != MonitoringType.BARGE_IN;
        change.touch(leg.call);
    }

    /**
     * Ends a subscription, whatever the reason: one device change without monitoring, one audit entry. A request
     * (cancel, replace, logout) announces it at once; the end of a monitored call announces it after the call's events.
     */
    private void end(Subscription subscription, String reason, boolean now) {
        Device supervisor = subscription.supervisor;
        if (supervisor.monitoring != subscription) {
            return;
        }
        subscription.onEnded();
        supervisor.monitoring = null;
        if (subscription.target != null && subscription.target.monitoredBy == subscription) {
            subscription.target.monitoredBy = null;
            devices.refreshView(subscription.target);
        }
        Party leg = subscription.leg();
        if (leg != null && leg.active()) {
            leg.leaveReason = reason;
            legs.release(leg);
        }
        audit(subscription, "END", null, reason);
        if (now) {
            devices.monitoringChanged(supervisor);
        } else {
            change.followUp(new FollowUp.MonitoringEnded(supervisor));
        }
        publish(supervisor);
    }

    /**
     * Whoever the supervisor monitors in the call now (after the target left a Call-scope monitor's call, the agent it
     * went to) must be in the supervisor's groups, or the supervisor leaves.
     */
    private void followed(Party supervisorLeg) {
        Party monitored = supervisorLeg.monitor.monitoredParty();
        if (monitored != null && !supervises(supervisorLeg.monitor, monitored)) {
            supervisorLeg.leaveReason = "the call went to " + monitored.number + ", outside the supervisor's groups";
            legs.release(supervisorLeg);
        }
    }

    /** Whether the subscription may join this call of its agent now: one monitored call at a time, consultations by rule. */
    private boolean mayMonitor(Subscription subscription, Party agentLeg) {
        if (!mayJoin(subscription, agentLeg.call)) {
            return false;
        }
        if (agentLeg.call.parent == null) {
            return true;
        }
        return switch (environment.monitoring().monitorConsultCalls()) {
            case NONE -> false;
            case DEST -> agentLeg.role == PartyRole.CONSULT_TARGET;
            case ORIG -> agentLeg.role == PartyRole.ORIGINATOR;
            case ALL -> true;
        };
    }

    /**
     * Whether the subscription's supervisor may join {@code call} now: they are on no other monitored call, the call has
     * no supervisor yet, they are not dialing or talking on a call of their own (a device has one active call at a time,
     * and a monitoring leg cannot be held), and they are no party of the call or of a call it consults about or that
     * consults about it (a device is in a call once, as for delivering a call).
     */
    private static boolean mayJoin(Subscription subscription, Call call) {
        if (subscription.leg() != null || call.supervisorLeg() != null || subscription.supervisor.anotherActive(null)) {
            return false;
        }
        Call family = call.root();
        return subscription.supervisor.legs.stream().noneMatch(p -> p.call.root() == family);
    }

    private void join(Subscription subscription, Call call) {
        Device supervisor = subscription.supervisor;
        Party leg = legs.join(call, supervisor.dn.number(), supervisor, PartyRole.SUPERVISOR, PartyState.ESTABLISHED);
        leg.monitor = subscription;
        leg.answered = true;
        subscription.onJoined(leg);
        leg.muted = subscription.type != MonitoringType.BARGE_IN;
        audit(subscription, "JOIN", call, subscription.type.wireName());
    }

    /** The monitoring leg was released: the supervisor waits for the next call, or, for NextCall, is done. */
    private void legEnded(Party leg) {
        Subscription subscription = leg.monitor;
        subscription.onLeft(leg);
        audit(subscription, "LEAVE", leg.call, leg.leaveReason == null ? "the supervisor hung up" : leg.leaveReason);
        if (subscription.mode == MonitoringMode.NEXT_CALL) {
            end(subscription, "the monitored call ended", false);
        }
    }

    /** With scope Agent, the supervisor leaves with the monitored agent; with scope Call, it follows the call. */
    private void agentLeft(Party party) {
        Party supervisorLeg = party.call.supervisorLeg();
        if (supervisorLeg == null || party.device == null) {
            return;
        }
        Subscription subscription = supervisorLeg.monitor;
        boolean monitoredAgent = subscription.target == null ? party.answered : subscription.target == party.device;
        if (subscription.scope == MonitoringScope.AGENT && monitoredAgent) {
            if (supervisorLeg.leaveReason == null) {
                supervisorLeg.leaveReason = "the monitored agent left the call";
            }
            legs.release(supervisorLeg);
        } else if (monitoredAgent) {
            // Scope Call follows the call to the next agent: the mute was the left agent's, not theirs.
            subscription.monitoredUserMuted = false;
            followed(supervisorLeg);
        }
    }

    /** Whether the subscription's supervisor supervises the agent on {@code party}'s device (the policy's group rule). */
    private boolean supervises(Subscription subscription, Party party) {
        if (party.device.userId == null) {
            return false;
        }
        User supervisor = directory.userById(subscription.supervisorUserId).orElse(null);
        User agent = directory.userById(party.device.userId).orElse(null);
        return supervisor != null && agent != null && MonitoringPolicy.maySupervise(directory, supervisor, agent);
    }

    private void audit(Subscription subscription, String kind, Call call, String detail) {
        change.emit(new MonitoringEvent(clock.instant(), subscription.supervisorUserId, kind, subscription.targetNumber,
                call == null ? null : call.id, detail));
    }

    /**
     * The supervisor's subscription as {@link #subscriptions()} shows it from now on: one entry put or removed, so that
     * a monitoring change costs the switch the same with ten supervisors or ten thousand, and a reader never sees the
     * others' entries missing.
     */
    private void publish(Device supervisor) {
        if (supervisor.monitoring != null) {
            published.put(supervisor.dn.id(), supervisor.monitoring.view(environment.name()));
        } else {
            published.remove(supervisor.dn.id());
        }
        onNumbers.remove(supervisor);
        if (supervisor.monitoring != null && supervisor.monitoring.target == null) {
            // In device order, as the arrival looked through every device before: the first of two supervisors on the
            // same number joins. A subscription starts or ends far more rarely than calls arrive.
            List<Device> all = devices.all();
            int position = all.indexOf(supervisor);
            int at = 0;
            while (at < onNumbers.size() && all.indexOf(onNumbers.get(at)) < position) {
                at++;
            }
            onNumbers.add(at, supervisor);
        }
    }
}
