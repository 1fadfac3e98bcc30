package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.supervision.MonitoringMode;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.supervision.MonitoringScope;
import dev.switchboard.core.supervision.MonitoringSettings;
import dev.switchboard.core.supervision.MonitoringType;
import dev.switchboard.core.supervision.MonitoringView;
import dev.switchboard.core.telephony.Outcome.Refusal;

/**
 * The calls of one switch: placing, delivering, answering, holding, transferring, conferencing and releasing them,
 * ACD queues, and turning each change into events. Runs only on the switch thread, called by {@link Switch}.
 *
 * <p>Notifications are derived, not hand-written: after a command, every device whose calls were touched gets its
 * call views recomputed, and each view that differs from the last one published produces one
 * {@link CallStateChanged}: {@code StatusChange} when the party's state, mute or pairing changed,
 * {@code ParticipantsUpdated} when only who is in the call changed, {@code AttachedDataChanged} for user data and
 * {@code CallRecordingStateChange} for recording. So notifications cannot drift from state.
 */
final class CallControl {
    /** Error code of a busy destination (T-Lib's 'DN is busy'). */
    static final int ERROR_BUSY = 56;
    /** Forwarding hops before a loop is assumed. */
    private static final int MAX_REDIRECTS = 5;
    /** How many ended calls stay readable by id (the simulator API) after they end. */
    private static final int ENDED_KEPT = 1000;

    private final Switch owner;
    private final Directory directory;
    private final Clock clock;
    private final Map<String, Device> devicesByNumber;
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final Map<String, AcdQueue> queues = new LinkedHashMap<>();
    private final Set<Call> touched = new LinkedHashSet<>();
    private final List<Party> releasedLegs = new ArrayList<>();
    /** Agent-state changes a call change causes; run after the call events, so clients see cause before effect. */
    private final List<Runnable> deferred = new ArrayList<>();
    private final Deque<String> ended = new ArrayDeque<>();
    private final AtomicLong connIds = new AtomicLong(0x0071_0000_0000_0000L + (System.nanoTime() & 0xFFFF_FFFFL));

    // Published views: replaced by the switch thread, read by anyone.
    private final Map<String, Map<String, CallView>> viewsByDevice = new ConcurrentHashMap<>();
    private final Map<String, CallSnapshot> snapshots = new ConcurrentHashMap<>();

    CallControl(Switch owner, Directory directory, Clock clock, Map<String, Device> devicesByNumber) {
        this.owner = owner;
        this.directory = directory;
        this.clock = clock;
        this.devicesByNumber = devicesByNumber;
        for (Dn dn : directory.dns()) {
            if (dn.environment().equals(owner.environment().name()) && dn.type() == DnType.ACD_QUEUE) {
                AgentGroup group = directory.groups().stream().filter(g -> g.name().equals(dn.agentGroup())).findFirst()
                        .orElse(new AgentGroup(String.valueOf(dn.agentGroup()), Set.of(), Set.of(), 0));
                queues.put(dn.number(), new AcdQueue(dn, group));
            }
        }
    }

    // ---- reads (any thread) ----

    List<CallView> callsOf(String deviceId) {
        Map<String, CallView> views = viewsByDevice.get(deviceId);
        return views == null ? List.of() : List.copyOf(views.values());
    }

    CallSnapshot snapshot(String callId) {
        return snapshots.get(callId);
    }

    // ---- agent operations ----

    Outcome dial(User user, Device device, String destination, Map<String, Object> userData, Object referenceId) {
        if (!user.id().equals(device.userId) || !device.agentState.isLoggedIn()) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Start a contact center session before dialing");
        }
        if (anotherActive(device, null)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "The device is on another call; hold it first");
        }
        if (destination.equals(device.dn.number())) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot dial itself");
        }
        Call call = newCall(device.dn.number(), destination, null);
        call.userData.putAll(userData);
        Party originator = join(call, device.dn.number(), device, PartyRole.ORIGINATOR, PartyState.DIALING);
        if (!deliver(call, destination, PartyRole.DESTINATION, 0)) {
            release(originator);
            failed(device, call, "Destination " + destination + " is busy", referenceId);
        }
        return Outcome.accepted(call.id);
    }

    Outcome perform(User user, Device device, String callId, CallOperation operation, Command command) {
        Party leg = legOf(device, callId);
        if (leg == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found");
        }
        if (!CallOperation.capabilitiesOf(viewOf(leg), user).contains(operation)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES,
                    operation.wireName() + " is not possible on call " + callId + " in state " + leg.state.wireName());
        }
        return command.apply(leg);
    }

    /** An operation on one leg, run once its capability was checked. */
    @FunctionalInterface
    interface Command {
        Outcome apply(Party leg);
    }

    Outcome answer(Party leg) {
        Call call = leg.call;
        leg.cancelRingTimer();
        establish(leg);
        for (Party other : call.parties) {
            if (other != leg && other.state == PartyState.DIALING) {
                establish(other);
            }
        }
        touched.add(call);
        return Outcome.OK;
    }

    Outcome hangup(Party leg) {
        if (leg.acd() && leg.state == PartyState.RINGING) {
            // Rejecting a queue's offer is not ending the customer's call: it goes back to the queue, as on ring no
            // answer, and the agent is set NotReady so that the queue does not offer it straight back.
            offerDeclined(leg);
            return Outcome.OK;
        }
        release(leg);
        return Outcome.OK;
    }

    Outcome hold(Party leg) {
        leg.state = leg.state.onHeld();
        touched.add(leg.call);
        return Outcome.OK;
    }

    Outcome retrieve(Party leg) {
        leg.state = leg.state.onRetrieved();
        touched.add(leg.call);
        return Outcome.OK;
    }

    /** InitiateTransfer and InitiateConference: hold the call and dial a consultation. */
    Outcome consult(Party leg, String destination, Map<String, Object> userData, Object referenceId) {
        Device device = leg.device;
        if (destination.equals(device.dn.number())) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot consult itself");
        }
        if (leg.state == PartyState.ESTABLISHED) {
            leg.state = leg.state.onHeld();
            touched.add(leg.call);
        }
        Call consultation = newCall(device.dn.number(), destination, leg.call);
        consultation.userData.putAll(leg.call.userData);
        consultation.userData.putAll(userData);
        Party originator = join(consultation, device.dn.number(), device, PartyRole.ORIGINATOR, PartyState.DIALING);
        if (!deliver(consultation, destination, PartyRole.CONSULT_TARGET, 0)) {
            release(originator);
            failed(device, consultation, "Destination " + destination + " is busy", referenceId);
        }
        return Outcome.accepted(consultation.id);
    }

    /**
     * CompleteTransfer and CompleteConference. The original call survives with its id, ANI, DNIS and data; the
     * consultation's other parties move into it and the consultation ends. For a transfer the device leaves both
     * calls; for a conference it returns to the original call, now with everyone.
     */
    Outcome complete(Party leg, String consultCallId, boolean conference) {
        Party consultLeg;
        Party originalLeg;
        Party pair = pairOf(leg);
        if (pair == null) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No consultation call to complete");
        }
        if (leg.call.parent != null) {
            consultLeg = leg;
            originalLeg = pair;
        } else {
            consultLeg = pair;
            originalLeg = leg;
        }
        if (consultCallId != null && !consultCallId.equals(consultLeg.call.id) && !consultCallId.equals(originalLeg.call.id)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Call " + consultCallId + " is not this call's consultation");
        }
        Call original = originalLeg.call;
        Call consultation = consultLeg.call;
        for (Party moving : new ArrayList<>(consultation.active())) {
            if (moving == consultLeg) {
                continue;
            }
            moveInto(moving, original, conference ? PartyRole.CONFERENCE_MEMBER : PartyRole.DESTINATION);
        }
        if (consultation.waitingAt != null) {
            // The consultation still waits in a queue: the original call takes its place there (unless the original
            // already waits in a queue itself: a call waits in one place only).
            AcdQueue queue = consultation.waitingAt;
            consultation.waitingAt = null;
            queue.waiting.remove(consultation);
            if (original.waitingAt == null) {
                original.waitingAt = queue;
                queue.waiting.addLast(original);
            }
        }
        release(consultLeg);
        if (conference) {
            claimConference(original, originalLeg.device);
            // Completed from the original, or from the held consultation after SwapCalls (the original is then
            // already established).
            if (originalLeg.state == PartyState.HELD) {
                originalLeg.state = originalLeg.state.onRetrieved();
            }
            touched.add(original);
        } else {
            release(originalLeg);
        }
        return Outcome.OK;
    }

    Outcome singleStepTransfer(Party leg, String destination, Map<String, Object> userData, Object referenceId) {
        if (destination.equals(leg.number)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot transfer a call to itself");
        }
        Call call = leg.call;
        if (!deliverWithData(call, destination, PartyRole.DESTINATION, userData)) {
            failed(leg.device, call, "Destination " + destination + " is busy", referenceId);
            return Outcome.OK;
        }
        release(leg);
        return Outcome.OK;
    }

    Outcome singleStepConference(Party leg, String destination, Map<String, Object> userData, Object referenceId) {
        if (destination.equals(leg.number)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot add itself to its call");
        }
        Call call = leg.call;
        if (!deliverWithData(call, destination, PartyRole.CONFERENCE_MEMBER, userData)) {
            failed(leg.device, call, "Destination " + destination + " is busy", referenceId);
            return Outcome.OK;
        }
        claimConference(call, leg.device);
        return Outcome.OK;
    }

    /** The first device to make a call a conference owns it, as long as it stays in the call. */
    private static void claimConference(Call call, Device device) {
        boolean ownerPresent = call.conferenceOwner != null
                && call.active().stream().anyMatch(p -> p.device == call.conferenceOwner);
        if (!ownerPresent) {
            call.conferenceOwner = device;
        }
    }

    /** Attaches the data the destination should see, and takes it back if the destination is busy. */
    private boolean deliverWithData(Call call, String destination, PartyRole role, Map<String, Object> userData) {
        Map<String, Object> before = new LinkedHashMap<>(call.userData);
        call.userData.putAll(userData);
        touched.add(call);
        if (deliver(call, destination, role, 0)) {
            return true;
        }
        call.userData.clear();
        call.userData.putAll(before);
        return false;
    }

    Outcome removeParticipant(Party leg, String number) {
        if (number.equals(leg.number)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Use Hangup to leave the conference");
        }
        // Whoever is listed as a participant may be removed: a barged-in supervisor too, a silent one is not listed.
        Party removed = leg.call.everyone().stream()
                .filter(p -> p.number.equals(number) && (!p.supervising() || p.monitor.type == MonitoringType.BARGE_IN))
                .findFirst().orElse(null);
        if (removed == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Participant " + number + " is not in the conference");
        }
        if (removed.supervising()) {
            removed.leaveReason = "removed from the conference by " + leg.number;
        }
        release(removed);
        return Outcome.OK;
    }

    Outcome swap(Party leg, String otherCallId) {
        Party pair = pairOf(leg);
        if (pair == null || otherCallId != null && !otherCallId.equals(pair.call.id)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Call " + otherCallId + " is not this call's held or active pair");
        }
        Party held = leg.state == PartyState.HELD ? leg : pair;
        Party active = held == leg ? pair : leg;
        active.state = active.state.onHeld();
        held.state = held.state.onRetrieved();
        touched.add(leg.call);
        touched.add(pair.call);
        return Outcome.OK;
    }

    Outcome clear(Party leg) {
        for (Party party : new ArrayList<>(leg.call.everyone())) {
            release(party);
        }
        return Outcome.OK;
    }

    Outcome sendDtmf(Party leg, String digits) {
        owner.emit(new CallStateChanged(clock.instant(), leg.device.userId == null ? "" : leg.device.userId, viewOf(leg),
                CallNotification.DTMF_SENT, digits), leg.device.userId != null);
        return Outcome.OK;
    }

    Outcome attachUserData(Party leg, Map<String, Object> data, boolean replace) {
        if (replace) {
            leg.call.userData.putAll(data);
        } else {
            for (Map.Entry<String, Object> entry : data.entrySet()) {
                leg.call.userData.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
        touched.add(leg.call);
        return Outcome.OK;
    }

    Outcome deleteUserDataPair(Party leg, String key) {
        if (!leg.call.userData.containsKey(key)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "The call has no user data key '" + key + "'");
        }
        leg.call.userData.remove(key);
        touched.add(leg.call);
        return Outcome.OK;
    }

    Outcome deleteUserData(Party leg) {
        leg.call.userData.clear();
        touched.add(leg.call);
        return Outcome.OK;
    }

    Outcome mute(Party leg, boolean on) {
        leg.muted = on;
        touched.add(leg.call);
        return Outcome.OK;
    }

    Outcome recording(Party leg, RecordingState next) {
        leg.call.recording = next;
        touched.add(leg.call);
        return Outcome.OK;
    }

    // ---- customers (external parties, played by the simulator) ----

    Outcome customerCall(String from, String to, Map<String, Object> userData) {
        if (devicesByNumber.containsKey(from) || directory.dnByNumber(owner.environment().name(), from).isPresent()) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A customer calls from an external number, not " + from);
        }
        Call call = newCall(from, to, null);
        call.userData.putAll(userData);
        join(call, from, null, PartyRole.ORIGINATOR, PartyState.DIALING);
        if (!deliver(call, to, PartyRole.DESTINATION, 0)) {
            // Refused, so the call never was: only the customer was in it, and nobody may hear of it.
            calls.remove(call.id);
            touched.remove(call);
            return Outcome.refused(Refusal.IN_USE, "Destination " + to + " is busy");
        }
        return Outcome.accepted(call.id);
    }

    Outcome customerAnswer(String callId, String number) {
        Party party = externalParty(callId, number);
        if (party == null || party.state != PartyState.RINGING) {
            return Outcome.refused(party == null ? Refusal.NOT_FOUND : Refusal.NOT_IN_CAPABILITIES,
                    "No ringing customer " + number + " in call " + callId);
        }
        return answer(party);
    }

    Outcome customerHangup(String callId, String number) {
        Party party = externalParty(callId, number);
        if (party == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "No customer " + number + " in call " + callId);
        }
        release(party);
        return Outcome.OK;
    }

    Outcome customerDtmf(String callId, String number, String digits) {
        Party party = externalParty(callId, number);
        if (party == null || party.state != PartyState.ESTABLISHED) {
            return Outcome.refused(party == null ? Refusal.NOT_FOUND : Refusal.NOT_IN_CAPABILITIES,
                    "No established customer " + number + " in call " + callId);
        }
        // The digits reach the agents' media; GWS has no notification for received DTMF.
        touched.add(party.call);
        return Outcome.OK;
    }

    private Party externalParty(String callId, String number) {
        Call call = calls.get(callId);
        if (call == null) {
            return null;
        }
        return call.parties.stream().filter(p -> p.external() && p.active() && (number == null || p.number.equals(number)))
                .findFirst().orElse(null);
    }

    // ---- agents and queues ----

    /** The agent logged out: ACD offers still ringing at the device go back to their queue. */
    void agentLoggedOut(Device device) {
        for (Party leg : new ArrayList<>(device.legs)) {
            if (leg.acd() && leg.state == PartyState.RINGING) {
                returnToQueue(leg);
            }
        }
    }

    /** Offers waiting calls to free agents, in queue order, each to the longest-idle Ready member. */
    void dispatch() {
        for (AcdQueue queue : queues.values()) {
            while (!queue.waiting.isEmpty()) {
                Device agent = freeAgent(queue);
                if (agent == null) {
                    break;
                }
                Call call = queue.waiting.pollFirst();
                call.waitingAt = null;
                Party leg = join(call, agent.dn.number(), agent, PartyRole.DESTINATION, PartyState.RINGING);
                leg.offeredBy = queue;
                touched.add(call);
                ringFor(leg, queue.ringNoAnswer);
            }
        }
    }

    /** The longest-idle free member; among equally idle ones the first in directory order (not hash order). */
    private Device freeAgent(AcdQueue queue) {
        Device best = null;
        for (Device device : devicesByNumber.values()) {
            // The field tests first: under load most agents are busy, and the group lookup is the costly part (profile).
            if (device.userId != null && available(device) && (best == null || device.idleSince.isBefore(best.idleSince))
                    && queue.group.members().contains(device.userId)) {
                best = device;
            }
        }
        return best;
    }

    private static boolean available(Device device) {
        return device.agentState == AgentState.READY && device.legs.isEmpty() && !device.doNotDisturb && device.forwardTo == null;
    }

    /** Starts the ring-no-answer timer of a queue's offer. */
    private void ringFor(Party leg, java.time.Duration time) {
        leg.ringsUntil = clock.instant().plus(time);
        leg.ringTimer = owner.schedule(time, () -> ringNoAnswer(leg));
    }

    private void ringNoAnswer(Party leg) {
        if (leg.state != PartyState.RINGING) {
            return;
        }
        offerDeclined(leg);
    }

    /** A queue's offer rang out or was rejected: back to the head of the queue, and the agent NotReady. */
    private void offerDeclined(Party leg) {
        Device agent = leg.device;
        returnToQueue(leg);
        // The agent goes NotReady before the queue looks again, or it would offer the call straight back.
        deferred.add(() -> {
            if (agent.userId != null && agent.agentState.isLoggedIn() && agent.agentState != AgentState.NOT_READY) {
                owner.agentStateChanged(agent, AgentState.NOT_READY);
            }
            dispatch();
        });
    }

    private void returnToQueue(Party leg) {
        Call call = leg.call;
        AcdQueue queue = leg.offeredBy;
        leg.cancelRingTimer();
        if (call.waitingAt != null) {
            // Queued again meanwhile: a call waits in one place only, and after ring no answer that is the head.
            call.waitingAt.waiting.remove(call);
        }
        call.waitingAt = queue;
        queue.waiting.addFirst(call);
        release(leg);
    }

    private void enqueue(Call call, AcdQueue queue) {
        if (call.waitingAt == null) {
            call.waitingAt = queue;
            queue.waiting.addLast(call);
        }
        // else it already waits (a conference or transfer sent it to a queue again): it keeps its place.
        touched.add(call);
        dispatch();
    }

    // ---- the mechanics ----

    private Call newCall(String ani, String dnis, Call parent) {
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
        Call call = new Call(id, String.format("%016x", connIds.incrementAndGet()), clock.instant(), ani, dnis, parent);
        calls.put(id, call);
        touched.add(call);
        return call;
    }

    private Party join(Call call, String number, Device device, PartyRole role, PartyState state) {
        Party party = new Party(call, number, device, role, state);
        call.parties.add(party);
        if (device != null) {
            device.legs.add(party);
        }
        touched.add(call);
        return party;
    }

    /**
     * Delivers a call to a number: an agent device rings (unless do-not-disturb makes it busy, or forwarding sends it
     * on), a routing point routes it on, an ACD queue queues it, anything else is an external number that rings.
     *
     * @return false when the destination is busy
     */
    private boolean deliver(Call call, String number, PartyRole role, int redirects) {
        Device device = devicesByNumber.get(number);
        if (device != null) {
            if (device.forwardTo != null && redirects < MAX_REDIRECTS) {
                return deliver(call, device.forwardTo, role, redirects + 1);
            }
            // A device already in this call, or in a call it consults about or that consults about it, is busy:
            // completing the consultation would put the device into one call twice.
            Call family = rootOf(call);
            if (device.doNotDisturb || device.legs.stream().anyMatch(p -> rootOf(p.call) == family)) {
                return false;
            }
            join(call, number, device, role, PartyState.RINGING);
            return true;
        }
        Dn dn = directory.dnByNumber(owner.environment().name(), number).orElse(null);
        if (dn != null && (dn.type() == DnType.ROUTING_POINT || dn.type() == DnType.ACD_QUEUE)) {
            arrivedAt(call, number);
        }
        if (dn != null && dn.type() == DnType.ROUTING_POINT) {
            return dn.routeTo() != null && redirects < MAX_REDIRECTS && deliver(call, dn.routeTo(), role, redirects + 1);
        }
        if (dn != null && dn.type() == DnType.ACD_QUEUE) {
            enqueue(call, queues.get(number));
            return true;
        }
        join(call, number, null, role, PartyState.RINGING);
        return true;
    }

    /** The call a chain of consultations started from. */
    private static Call rootOf(Call call) {
        Call root = call;
        while (root.parent != null) {
            root = root.parent;
        }
        return root;
    }

    private void establish(Party party) {
        party.state = party.state.onAnswered();
        party.answered = true;
        touched.add(party.call);
        partyEstablished(party);
    }

    /** Moves an active party of one call into another, keeping its state; returns its party in {@code target}. */
    private Party moveInto(Party moving, Call target, PartyRole role) {
        Party moved = join(target, moving.number, moving.device, role, moving.state);
        moved.muted = moving.muted;
        moved.offeredBy = moving.offeredBy;
        moved.answered = moving.answered;
        if (moving.ringTimer != null) {
            // A queue's offer still rings: it keeps the ring-no-answer time it has left.
            moving.cancelRingTimer();
            ringFor(moved, java.time.Duration.between(clock.instant(), moving.ringsUntil));
        }
        // The party leaves the consultation without hanging up: its leg there simply ends.
        moving.state = moving.state.onReleased();
        if (moving.device != null) {
            moving.device.legs.remove(moving);
            releasedLegs.add(moving);
        }
        touched.add(moving.call);
        if (moved.state == PartyState.ESTABLISHED) {
            partyEstablished(moved);
        }
        return moved;
    }

    /** Releases a party; a call left with fewer than two active parties (and not waiting in a queue) ends. */
    private void release(Party party) {
        if (!party.active()) {
            return;
        }
        Call call = party.call;
        party.cancelRingTimer();
        party.state = party.state.onReleased();
        touched.add(call);
        if (party.device != null) {
            party.device.legs.remove(party);
            releasedLegs.add(party);
            agentLeftCall(party);
        }
        if (party.supervising()) {
            monitoringLegEnded(party);
        } else {
            agentLeftMonitoredCall(party);
        }
        if (call.waitingAt != null && call.activeCount() == 0) {
            // The caller hung up while waiting: the call leaves the queue.
            call.waitingAt.waiting.remove(call);
            call.waitingAt = null;
        }
        if (call.waitingAt == null && call.activeCount() < 2) {
            // The call ends: that is why a supervisor leaves it, even when an agent's release comes first.
            for (Party rest : call.everyone()) {
                if (rest.supervising() && rest.leaveReason == null) {
                    rest.leaveReason = "the call ended";
                }
            }
            for (Party rest : new ArrayList<>(call.everyone())) {
                release(rest);
            }
        }
    }

    /** After an ACD call the agent owes the group's wrap-up time; either way they are idle from now. */
    private void agentLeftCall(Party party) {
        Device device = party.device;
        device.idleSince = clock.instant();
        AcdQueue queue = party.offeredBy;
        if (queue != null && party.answered && queue.group.wrapUpSeconds() > 0) {
            deferred.add(() -> {
                if (device.agentState == AgentState.READY && device.userId != null) {
                    owner.startWrapUp(device, java.time.Duration.ofSeconds(queue.group.wrapUpSeconds()));
                }
            });
        }
    }

    /** Reports a failure after the call events of the same change, so the client knows the call it names. */
    private void failed(Device device, Call call, String message, Object referenceId) {
        String userId = device.userId;
        if (userId != null) {
            deferred.add(() -> owner.emit(new CallFailed(clock.instant(), userId, call.id, ERROR_BUSY, message, referenceId), true));
        }
    }

    private Party legOf(Device device, String callId) {
        for (Party leg : device.legs) {
            if (leg.call.id.equals(callId)) {
                return leg;
            }
        }
        return null;
    }

    /** The device's leg on the call this leg's call consults about, or on its consultation. */
    private static Party pairOf(Party leg) {
        for (Party other : leg.device.legs) {
            if (other != leg && (other.call == leg.call.parent || other.call.parent == leg.call)) {
                return other;
            }
        }
        return null;
    }

    private static boolean anotherActive(Device device, Party except) {
        for (Party other : device.legs) {
            if (other != except && (other.state == PartyState.ESTABLISHED || other.state == PartyState.DIALING)) {
                return true;
            }
        }
        return false;
    }

    CallView viewOf(Party leg) {
        Call call = leg.call;
        List<String> participants = new ArrayList<>();
        for (Party other : call.parties) {
            // A supervisor who listens in or coaches is nobody's participant; barged in, everyone's.
            boolean hidden = other.supervising() && other.monitor.type != MonitoringType.BARGE_IN;
            // Nor is a device its own participant: a supervisor's released leg beside their new one in the same call.
            boolean self = other.device != null && other.device == leg.device;
            if (other != leg && other.active() && !hidden && !self) {
                participants.add(other.number);
            }
        }
        Party pair = leg.active() && !leg.supervising() ? pairOf(leg) : null;
        Party supervisor = call.supervisorLeg();
        Subscription monitoring = leg.supervising() ? leg.monitor : supervisor == null ? null : supervisor.monitor;
        boolean monitoredHere = monitoring != null && !leg.supervising() && monitoredParty(monitoring) == leg;
        return new CallView(call.id, call.connId, leg.device.dn.id(), leg.number, leg.state, typeOf(call, leg), participants,
                call.ani, call.dnis, call.userData, call.created, leg.muted, call.recording,
                call.parent == null ? null : call.parent.id, call.activeCount() >= 3,
                call.activeCount() >= 3 && leg.device == call.conferenceOwner,
                pair == null ? null : pair.call.id, pair == null ? null : pair.state,
                leg.active() && !leg.supervising() && anotherActive(leg.device, leg),
                leg.supervising() ? leg.monitor.type : null,
                monitoredHere && monitoring.type != MonitoringType.BARGE_IN,
                (leg.supervising() || monitoredHere) && monitoring.monitoredUserMuted,
                leg.supervising() && switchable(leg.monitor));
    }

    private static CallType typeOf(Call call, Party leg) {
        if (call.parent != null) {
            return CallType.CONSULT;
        }
        if (call.originator().external()) {
            return CallType.INBOUND;
        }
        return call.hasExternal() ? CallType.OUTBOUND : CallType.INTERNAL;
    }

    CallSnapshot snapshotOf(Call call) {
        List<CallSnapshot.Party> parties = new ArrayList<>();
        for (Party party : call.parties) {
            List<String> hears = new ArrayList<>();
            for (Party other : call.parties) {
                if (hears(party, other)) {
                    hears.add(other.number);
                }
            }
            parties.add(new CallSnapshot.Party(party.number, party.role, party.state, party.external(), party.muted, hears));
        }
        return new CallSnapshot(call.id, call.connId, call.ani, call.dnis, parties, call.userData,
                call.parent == null ? null : call.parent.id, call.waitingAt == null ? null : call.waitingAt.dn.number());
    }

    /**
     * Publishes what the last command changed: each touched device's call views, one {@link CallStateChanged} per
     * view that differs from the last one published, then one {@link CallChanged} per touched call.
     */
    void publish() {
        do {
            while (!touched.isEmpty() || !releasedLegs.isEmpty() || !deferred.isEmpty()) {
                publishViews();
                List<Runnable> actions = new ArrayList<>(deferred);
                deferred.clear();
                actions.forEach(Runnable::run);
            }
            // The change may have freed an agent (a call ended, a call was transferred into a queue): offer the
            // waiting calls now, after the agent-state changes it caused (ring no answer, wrap-up).
            dispatch();
        } while (!touched.isEmpty());
    }

    private void publishViews() {
        Instant now = clock.instant();
        List<Party> legs = new ArrayList<>();
        Set<Device> devices = new LinkedHashSet<>();
        for (Call call : touched) {
            for (Party party : call.parties) {
                if (party.device != null && (party.active() || releasedLegs.contains(party))) {
                    legs.add(party);
                    devices.add(party.device);
                }
            }
        }
        for (Device device : devices) {
            for (Party leg : device.legs) {
                if (!legs.contains(leg)) {
                    legs.add(leg);
                }
            }
        }
        Map<Device, Map<String, CallView>> changedDevices = new HashMap<>();
        for (Party leg : legs) {
            Device device = leg.device;
            Map<String, CallView> views = changedDevices.computeIfAbsent(device,
                    d -> new LinkedHashMap<>(viewsByDevice.getOrDefault(d.dn.id(), Map.of())));
            CallView before = views.get(leg.call.id);
            CallView after = viewOf(leg);
            if (before != null && before.isReleased()) {
                continue;
            }
            if (!after.equals(before)) {
                CallNotification notification = classify(before, after);
                owner.emit(new CallStateChanged(now, device.userId == null ? "" : device.userId, after, notification, null),
                        device.userId != null);
            }
            if (after.isReleased()) {
                views.remove(leg.call.id);
            } else {
                views.put(leg.call.id, after);
            }
        }
        for (Map.Entry<Device, Map<String, CallView>> entry : changedDevices.entrySet()) {
            viewsByDevice.put(entry.getKey().dn.id(), Map.copyOf(entry.getValue()));
        }
        for (Call call : touched) {
            CallSnapshot snapshot = snapshotOf(call);
            snapshots.put(call.id, snapshot);
            owner.emit(new CallChanged(now, snapshot), true);
            if (snapshot.ended() && calls.remove(call.id) != null) {
                ended.addLast(call.id);
                while (ended.size() > ENDED_KEPT) {
                    snapshots.remove(ended.pollFirst());
                }
            }
        }
        touched.clear();
        releasedLegs.clear();
    }

    private static CallNotification classify(CallView before, CallView after) {
        if (before == null || before.state() != after.state() || before.muted() != after.muted()
                || before.callType() != after.callType() || !java.util.Objects.equals(before.otherCallId(), after.otherCallId())
                || before.otherCallState() != after.otherCallState() || before.anotherCallActive() != after.anotherCallActive()
                || before.monitoring() != after.monitoring() || before.supervisorListeningIn() != after.supervisorListeningIn()
                || before.monitoringSwitchable() != after.monitoringSwitchable()) {
            return CallNotification.STATUS_CHANGE;
        }
        if (before.monitoredUserMuted() != after.monitoredUserMuted()) {
            return CallNotification.MONITORED_USER_MUTED_STATE_CHANGE;
        }
        if (!before.participants().equals(after.participants()) || before.conference() != after.conference()
                || before.conferenceOwner() != after.conferenceOwner()) {
            return CallNotification.PARTICIPANTS_UPDATED;
        }
        if (!before.userData().equals(after.userData())) {
            return CallNotification.ATTACHED_DATA_CHANGED;
        }
        if (before.recordingState() != after.recordingState()) {
            return CallNotification.CALL_RECORDING_STATE_CHANGE;
        }
        return CallNotification.STATUS_CHANGE;
    }

    /** The switch's device changed in a way its calls care about (DND, forwarding, state): nothing to do yet. */
    void deviceChanged(Device device, DeviceChange change) {
        if (change == DeviceChange.AGENT_STATE && device.agentState == AgentState.READY) {
            device.idleSince = clock.instant();
        }
    }

    // ---- supervision ----

    /**
     * Starts monitoring {@code request.targetNumber()} from the supervisor's device: an agent's device, or a routing
     * point or ACD queue of this switch. A subscription the supervisor already has is replaced (and ends); a device
     * another supervisor monitors is refused. BargeIn joins a call the agent is already on when intrusion is enabled
     * (ListenIn and Coach only when configured to); otherwise the supervisor joins the next call.
     */
    Outcome monitor(Device supervisor, String supervisorUserId, MonitoringRequest request) {
        String number = request.targetNumber();
        Device target = devicesByNumber.get(number);
        Dn dn = directory.dnByNumber(owner.environment().name(), number).orElse(null);
        boolean routing = dn != null && (dn.type() == DnType.ROUTING_POINT || dn.type() == DnType.ACD_QUEUE);
        if (target == null && !routing) {
            return Outcome.refused(Refusal.NOT_FOUND, "Number " + number + " is no device, routing point or queue of switch "
                    + owner.environment().name());
        }
        if (target == supervisor) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A supervisor cannot monitor their own device");
        }
        if (routing && owner.environment().type() == dev.switchboard.core.directory.EnvironmentType.SIP_CLUSTER) {
            if (request.type() != MonitoringType.LISTEN_IN) {
                return Outcome.refused(Refusal.INVALID_PARAMETER,
                        "In a SIP Cluster a routing point or queue is monitored with ListenIn only");
            }
            if (request.scope() != MonitoringScope.CALL) {
                return Outcome.refused(Refusal.INVALID_PARAMETER,
                        "In a SIP Cluster a routing point or queue is monitored with scope Call only");
            }
        }
        if (target != null && target.monitoredBy != null && target.monitoredBy.supervisor != supervisor) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Device " + number + " is already monitored by another supervisor");
        }
        if (supervisor.monitoring != null) {
            end(supervisor.monitoring, "replaced by a new request", true);
        }
        Subscription subscription = new Subscription(supervisor, supervisorUserId, target, number, request.type(), request.mode(),
                request.scope(), clock.instant());
        supervisor.monitoring = subscription;
        if (target != null) {
            target.monitoredBy = subscription;
            owner.refreshView(target);
        }
        owner.monitoringChanged(supervisor);
        publishSubscriptions();
        if (target != null) {
            MonitoringSettings settings = owner.environment().monitoring();
            boolean intrude = request.type() == MonitoringType.BARGE_IN ? settings.intrusionEnabled() : settings.listenInIntrudes();
            Party current = target.legs.stream().filter(p -> p.state == PartyState.ESTABLISHED && !p.supervising()).findFirst()
                    .orElse(null);
            if (intrude && current != null && mayMonitor(subscription, current) && supervises(subscription, current)) {
                joinMonitoring(subscription, current.call);
            }
        }
        return Outcome.OK;
    }

    /** Ends the supervisor's subscription and releases its monitoring leg. */
    Outcome cancelMonitoring(Device supervisor) {
        if (supervisor.monitoring == null) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No supervisor monitoring is active on this device");
        }
        end(supervisor.monitoring, "cancelled by the supervisor", true);
        return Outcome.OK;
    }

    Outcome switchMonitoring(Party leg, MonitoringType next) {
        leg.monitor.type = next;
        leg.muted = next != MonitoringType.BARGE_IN;
        touched.add(leg.call);
        audit(leg.monitor, "SWITCH", leg.call, next.wireName());
        return Outcome.OK;
    }

    Outcome muteMonitoredUser(Party leg, boolean muted) {
        leg.monitor.monitoredUserMuted = muted;
        touched.add(leg.call);
        audit(leg.monitor, muted ? "MUTE" : "UNMUTE", leg.call, null);
        return Outcome.OK;
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
        supervisor.monitoring = null;
        if (subscription.target != null && subscription.target.monitoredBy == subscription) {
            subscription.target.monitoredBy = null;
            owner.refreshView(subscription.target);
        }
        if (subscription.leg != null && subscription.leg.active()) {
            subscription.leg.leaveReason = reason;
            release(subscription.leg);
        }
        audit(subscription, "END", null, reason);
        if (now) {
            owner.monitoringChanged(supervisor);
        } else {
            deferred.add(() -> owner.monitoringChanged(supervisor));
        }
        publishSubscriptions();
    }

    /**
     * A party became established: its supervisor may join, or a supervisor following the call to it may not stay.
     *
     * <p>When an answer establishes the call, {@link #answer} establishes the dialing parties after the answering one
     * while it walks the call's parties: a supervisor of a dialing party joins now, with the answering party, since
     * joining then would change the parties under its walk (and the supervisor's is the same change either way).
     */
    private void partyEstablished(Party party) {
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
            joinMonitoring(subscription, call);
            return;
        }
        for (Party dialing : call.parties) {
            Subscription theirs = dialing.device == null ? null : dialing.device.monitoredBy;
            if (dialing.state == PartyState.DIALING && theirs != null && mayMonitor(theirs, dialing) && supervises(theirs, dialing)) {
                joinMonitoring(theirs, call);
                return;
            }
        }
    }

    /**
     * Whoever the supervisor monitors in the call now (after the target left a Call-scope monitor's call, the agent it
     * went to) must be in the supervisor's groups, or the supervisor leaves.
     */
    private void followed(Party supervisorLeg) {
        Party monitored = monitoredParty(supervisorLeg.monitor);
        if (monitored != null && !supervises(supervisorLeg.monitor, monitored)) {
            supervisorLeg.leaveReason = "the call went to " + monitored.number + ", outside the supervisor's groups";
            release(supervisorLeg);
        }
    }

    /** A call arrived at a routing point or queue: a supervisor monitoring it joins at once and follows it. */
    private void arrivedAt(Call call, String number) {
        if (call.supervisorLeg() != null) {
            return;
        }
        for (Device device : devicesByNumber.values()) {
            Subscription subscription = device.monitoring;
            if (subscription != null && subscription.target == null && subscription.targetNumber.equals(number)
                    && mayJoin(subscription, call)) {
                joinMonitoring(subscription, call);
                return;
            }
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
        return switch (owner.environment().monitoring().monitorConsultCalls()) {
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
        if (subscription.leg != null || call.supervisorLeg() != null || anotherActive(subscription.supervisor, null)) {
            return false;
        }
        Call family = rootOf(call);
        return subscription.supervisor.legs.stream().noneMatch(p -> rootOf(p.call) == family);
    }

    private void joinMonitoring(Subscription subscription, Call call) {
        Device supervisor = subscription.supervisor;
        Party leg = join(call, supervisor.dn.number(), supervisor, PartyRole.SUPERVISOR, PartyState.ESTABLISHED);
        leg.monitor = subscription;
        leg.answered = true;
        subscription.type = subscription.requested;
        subscription.monitoredUserMuted = false;
        leg.muted = subscription.type != MonitoringType.BARGE_IN;
        subscription.leg = leg;
        audit(subscription, "JOIN", call, subscription.type.wireName());
    }

    /** The monitoring leg was released: the supervisor waits for the next call, or, for NextCall, is done. */
    private void monitoringLegEnded(Party leg) {
        Subscription subscription = leg.monitor;
        if (subscription.leg == leg) {
            subscription.leg = null;
        }
        audit(subscription, "LEAVE", leg.call, leg.leaveReason == null ? "the supervisor hung up" : leg.leaveReason);
        if (subscription.mode == MonitoringMode.NEXT_CALL) {
            end(subscription, "the monitored call ended", false);
        }
    }

    /** With scope Agent, the supervisor leaves with the monitored agent. */
    private void agentLeftMonitoredCall(Party party) {
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
            release(supervisorLeg);
        } else if (monitoredAgent) {
            // Scope Call follows the call to the next agent: the mute was the left agent's, not theirs.
            subscription.monitoredUserMuted = false;
            followed(supervisorLeg);
        }
    }

    /**
     * The agent a subscription's leg monitors in its call: the target device's party; for a routing point or queue, the
     * first agent who answered the call; with scope Call, once the target left the call, the first agent who answered it
     * since (an agent it only rings at is not monitored yet: they may be outside the supervisor's groups).
     */
    private static Party monitoredParty(Subscription subscription) {
        if (subscription.leg == null) {
            return null;
        }
        Party firstAgent = null;
        for (Party party : subscription.leg.call.parties) {
            if (party.active() && !party.supervising() && party.device != null && party.device != subscription.supervisor) {
                if (party.device == subscription.target) {
                    return party;
                }
                if (firstAgent == null && party.answered) {
                    firstAgent = party;
                }
            }
        }
        return subscription.target == null || subscription.scope == MonitoringScope.CALL ? firstAgent : null;
    }

    /** Whether the subscription's supervisor supervises the agent on {@code party}'s device. */
    private boolean supervises(Subscription subscription, Party party) {
        if (party.device.userId == null) {
            return false;
        }
        User supervisor = directory.userById(subscription.supervisorUserId).orElse(null);
        User agent = directory.userById(party.device.userId).orElse(null);
        return supervisor != null && agent != null && directory.supervises(supervisor, agent);
    }

    /** In a SIP Cluster a routing point's monitor switches between mute and connect only once an agent answered. */
    private boolean switchable(Subscription subscription) {
        if (subscription.target != null
                || owner.environment().type() != dev.switchboard.core.directory.EnvironmentType.SIP_CLUSTER) {
            return true;
        }
        return subscription.leg.call.active().stream().anyMatch(p -> p.device != null && p.state == PartyState.ESTABLISHED);
    }

    /** Who hears whom: the model's truth about audio. */
    private static boolean hears(Party listener, Party speaker) {
        if (listener == speaker || listener.state != PartyState.ESTABLISHED || speaker.state != PartyState.ESTABLISHED) {
            return false;
        }
        if (speaker.supervising()) {
            return switch (speaker.monitor.type) {
                case LISTEN_IN -> false;
                case COACH -> monitoredParty(speaker.monitor) == listener;
                case BARGE_IN -> true;
            };
        }
        if (speaker.muted) {
            return false;
        }
        Party supervisorLeg = speaker.call.supervisorLeg();
        if (supervisorLeg != null && supervisorLeg.monitor.monitoredUserMuted && monitoredParty(supervisorLeg.monitor) == speaker) {
            // The supervisor took over: the muted agent is heard by the supervisor only.
            return listener == supervisorLeg;
        }
        return true;
    }

    /** The agent (or the supervisor) logged out: their subscriptions end, and queue offers ringing there go back. */
    void loggedOut(Device device) {
        boolean ended = false;
        if (device.monitoring != null) {
            end(device.monitoring, "the supervisor logged out", true);
            ended = true;
        }
        if (device.monitoredBy != null) {
            end(device.monitoredBy, "the monitored agent logged out", true);
            ended = true;
        }
        if (ended) {
            // While the devices are still their users': the supervisor learns that their leg is released, the agent
            // that the supervisor left (after the device is unassigned, neither would be told).
            publishViews();
        }
        agentLoggedOut(device);
    }

    private void audit(Subscription subscription, String kind, Call call, String detail) {
        owner.emit(new MonitoringEvent(clock.instant(), subscription.supervisorUserId, kind, subscription.targetNumber,
                call == null ? null : call.id, detail), true);
    }

    private final Map<String, MonitoringView> publishedSubscriptions = new ConcurrentHashMap<>();

    private void publishSubscriptions() {
        publishedSubscriptions.clear();
        for (Device device : devicesByNumber.values()) {
            if (device.monitoring != null) {
                publishedSubscriptions.put(device.dn.id(), device.monitoring.view(owner.environment().name()));
            }
        }
    }

    /** The active subscriptions, by supervisor device id. */
    Map<String, MonitoringView> subscriptions() {
        return Map.copyOf(publishedSubscriptions);
    }

    /** All live calls, for invariant checks in tests. */
    List<CallSnapshot> liveCalls() {
        return calls.values().stream().map(this::snapshotOf).toList();
    }
}
