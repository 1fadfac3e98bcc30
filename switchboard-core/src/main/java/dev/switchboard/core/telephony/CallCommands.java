package dev.switchboard.core.telephony;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.model.AcdQueue;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.core.view.RecordingState;

/**
 * The GWS call operations on one device's leg: dial, answer, hang up, hold, retrieve, transfers and conferences,
 * DTMF, user data, mute, recording, and the supervisor's operations on a monitoring leg. Each runs once the leg's
 * capabilities offered it. Answer, hold and retrieve go through the leg's endpoint: the virtual one confirms at once,
 * a phone later. Switch thread only.
 */
final class CallCommands {
    private final CallMechanics mechanics;
    private final CallViews views;
    private final AcdRouting routing;
    private final Supervision supervision;
    private final Change change;
    private final java.time.Clock clock;

    CallCommands(CallMechanics mechanics, CallViews views, AcdRouting routing, Supervision supervision, Change change,
                 java.time.Clock clock) {
        this.mechanics = mechanics;
        this.views = views;
        this.routing = routing;
        this.supervision = supervision;
        this.change = change;
        this.clock = clock;
    }

    Outcome dial(User user, Device device, String destination, Map<String, Object> userData, Object referenceId) {
        if (!user.id().equals(device.userId) || !device.agentState.isLoggedIn()) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Start a contact center session before dialing");
        }
        if (device.anotherActive(null)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "The device is on another call; hold it first");
        }
        if (destination.equals(device.dn.number())) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot dial itself");
        }
        Call call = mechanics.newCall(device.dn.number(), destination, null);
        call.userData.putAll(userData);
        Party originator = mechanics.join(call, device.dn.number(), device, PartyRole.ORIGINATOR, PartyState.DIALING);
        if (!mechanics.deliver(call, destination, PartyRole.DESTINATION, 0)) {
            mechanics.release(originator);
            mechanics.failed(device, call, "Destination " + destination + " is busy", referenceId);
        }
        return Outcome.accepted(call.id);
    }

    /**
     * Performs an operation on the device's leg in the call: refused with {@link Refusal#NOT_FOUND} when the device is
     * not in it, with {@link Refusal#NOT_IN_CAPABILITIES} when the leg's capabilities do not offer it.
     */
    Outcome perform(User user, Device device, String callId, CallRequest request) {
        Party leg = device.legOf(callId);
        if (leg == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "Call " + callId + " not found");
        }
        CallOperation operation = request.operation();
        if (!CallOperation.capabilitiesOf(views.viewOf(leg), user).contains(operation)) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES,
                    operation.wireName() + " is not possible on call " + callId + " in state " + leg.state.wireName());
        }
        return apply(leg, request);
    }

    private Outcome apply(Party leg, CallRequest request) {
        return switch (request.operation()) {
            case ANSWER -> answer(leg);
            case HANGUP -> hangup(leg);
            case REJECT -> reject(leg);
            case HOLD -> hold(leg);
            case RETRIEVE -> retrieve(leg);
            case INITIATE_TRANSFER, INITIATE_CONFERENCE -> consult(leg, request.destination(), request.userData(), request.referenceId());
            case COMPLETE_TRANSFER -> complete(leg, request.otherCallId(), false);
            case COMPLETE_CONFERENCE -> complete(leg, request.otherCallId(), true);
            case SINGLE_STEP_TRANSFER -> singleStepTransfer(leg, request.destination(), request.userData(), request.referenceId());
            case SINGLE_STEP_CONFERENCE -> singleStepConference(leg, request.destination(), request.userData(), request.referenceId());
            case REMOVE_PARTICIPANT_FROM_CONFERENCE -> removeParticipant(leg, request.participant());
            case SWAP_CALLS -> swap(leg, request.otherCallId());
            case CLEAR_CALL -> clear(leg);
            case SEND_DTMF -> sendDtmf(leg, request.digits());
            case ATTACH_USER_DATA -> attachUserData(leg, request.userData(), false);
            case UPDATE_USER_DATA -> attachUserData(leg, request.userData(), true);
            case DELETE_USER_DATA_PAIR -> deleteUserDataPair(leg, request.key());
            case DELETE_USER_DATA -> touched(leg, () -> leg.call.userData.clear());
            case MUTE_CALL -> touched(leg, () -> leg.muted = true);
            case UNMUTE_CALL -> touched(leg, () -> leg.muted = false);
            case START_CALL_RECORDING, RESUME_CALL_RECORDING -> touched(leg, () -> leg.call.recording = RecordingState.RECORDING);
            case STOP_CALL_RECORDING -> touched(leg, () -> leg.call.recording = RecordingState.STOPPED);
            case PAUSE_CALL_RECORDING -> touched(leg, () -> leg.call.recording = RecordingState.PAUSED);
            case SWITCH_TO_LISTEN_IN -> monitoring(() -> supervision.switchTo(leg, leg.monitor.type.onSwitchToListenIn()));
            case SWITCH_TO_BARGE_IN -> monitoring(() -> supervision.switchTo(leg, leg.monitor.type.onSwitchToBargeIn()));
            case MUTE_MONITORED_USER -> monitoring(() -> supervision.muteMonitoredUser(leg, true));
            case UNMUTE_MONITORED_USER -> monitoring(() -> supervision.muteMonitoredUser(leg, false));
        };
    }

    private Outcome touched(Party leg, Runnable edit) {
        edit.run();
        change.touch(leg.call);
        return Outcome.OK;
    }

    private static Outcome monitoring(Runnable operation) {
        operation.run();
        return Outcome.OK;
    }

    /** Answers the leg: at once on the virtual endpoint, once the phone confirms otherwise. */
    Outcome answer(Party leg) {
        if (!leg.endpoint.confirmsAtOnce() && leg.device != null) {
            return ask(leg, Party.Pending.ANSWER);
        }
        answered(leg);
        return Outcome.OK;
    }

    /** The leg was answered: it and the dialing parties waiting for it are established. */
    void answered(Party leg) {
        Call call = leg.call;
        leg.cancelRingTimer();
        leg.pending = null;
        mechanics.establish(leg);
        for (Party other : call.parties) {
            if (other != leg && other.state == PartyState.DIALING) {
                mechanics.establish(other);
            }
        }
        change.touch(call);
    }

    Outcome hangup(Party leg) {
        if (leg.acd() && leg.state == PartyState.RINGING) {
            routing.offerDeclined(leg);
            return Outcome.OK;
        }
        mechanics.release(leg);
        return Outcome.OK;
    }

    /** Reject: a queue's offer goes back to the head of its queue, the agent NotReady (as on ring no answer). */
    Outcome reject(Party leg) {
        routing.offerDeclined(leg);
        return Outcome.OK;
    }

    Outcome hold(Party leg) {
        if (!leg.endpoint.confirmsAtOnce()) {
            return ask(leg, Party.Pending.HOLD);
        }
        held(leg);
        return Outcome.OK;
    }

    void held(Party leg) {
        leg.pending = null;
        leg.state = leg.state.onHeld();
        change.touch(leg.call);
    }

    Outcome retrieve(Party leg) {
        if (!leg.endpoint.confirmsAtOnce()) {
            return ask(leg, Party.Pending.RETRIEVE);
        }
        retrieved(leg);
        return Outcome.OK;
    }

    void retrieved(Party leg) {
        leg.pending = null;
        leg.state = leg.state.onRetrieved();
        change.touch(leg.call);
    }

    /** Asks the leg's phone to answer, hold or retrieve; the party keeps its state until it confirms. */
    private Outcome ask(Party leg, Party.Pending request) {
        leg.pending = request;
        change.touch(leg.call);
        EndpointLeg endpointLeg = leg.leg();
        mechanics.request(leg, endpoint -> {
            switch (request) {
                case ANSWER -> endpoint.answer(endpointLeg);
                case HOLD -> endpoint.hold(endpointLeg);
                case RETRIEVE -> endpoint.retrieve(endpointLeg);
                default -> throw new IllegalStateException("Unknown request " + request);
            }
        });
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
            change.touch(leg.call);
        }
        Call consultation = mechanics.newCall(device.dn.number(), destination, leg.call);
        consultation.userData.putAll(leg.call.userData);
        consultation.userData.putAll(userData);
        Party originator = mechanics.join(consultation, device.dn.number(), device, PartyRole.ORIGINATOR, PartyState.DIALING);
        if (!mechanics.deliver(consultation, destination, PartyRole.CONSULT_TARGET, 0)) {
            mechanics.release(originator);
            mechanics.failed(device, consultation, "Destination " + destination + " is busy", referenceId);
        }
        return Outcome.accepted(consultation.id);
    }

    /**
     * CompleteTransfer and CompleteConference. The original call survives with its id, ANI, DNIS and data; the
     * consultation's other parties move into it and the consultation ends. For a transfer the device leaves both
     * calls; for a conference it returns to the original call, now with everyone.
     */
    Outcome complete(Party leg, String consultCallId, boolean conference) {
        Party pair = CallViews.pairOf(leg);
        if (pair == null) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "No consultation call to complete");
        }
        Party consultLeg = leg.call.parent != null ? leg : pair;
        Party originalLeg = leg.call.parent != null ? pair : leg;
        if (consultCallId != null && !consultCallId.equals(consultLeg.call.id) && !consultCallId.equals(originalLeg.call.id)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Call " + consultCallId + " is not this call's consultation");
        }
        Call original = originalLeg.call;
        Call consultation = consultLeg.call;
        for (Party moving : new ArrayList<>(consultation.active())) {
            if (moving != consultLeg) {
                mechanics.moveInto(moving, original, conference ? PartyRole.CONFERENCE_MEMBER : PartyRole.DESTINATION);
            }
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
        mechanics.release(consultLeg);
        if (conference) {
            claimConference(original, originalLeg.device);
            // Completed from the original, or from the held consultation after SwapCalls (the original is then
            // already established).
            if (originalLeg.state == PartyState.HELD) {
                originalLeg.state = originalLeg.state.onRetrieved();
            }
            change.touch(original);
        } else {
            mechanics.release(originalLeg);
        }
        return Outcome.OK;
    }

    Outcome singleStepTransfer(Party leg, String destination, Map<String, Object> userData, Object referenceId) {
        if (destination.equals(leg.number)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot transfer a call to itself");
        }
        if (!deliverWithData(leg.call, destination, PartyRole.DESTINATION, userData)) {
            mechanics.failed(leg.device, leg.call, "Destination " + destination + " is busy", referenceId);
            return Outcome.OK;
        }
        mechanics.release(leg);
        return Outcome.OK;
    }

    Outcome singleStepConference(Party leg, String destination, Map<String, Object> userData, Object referenceId) {
        if (destination.equals(leg.number)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot add itself to its call");
        }
        if (!deliverWithData(leg.call, destination, PartyRole.CONFERENCE_MEMBER, userData)) {
            mechanics.failed(leg.device, leg.call, "Destination " + destination + " is busy", referenceId);
            return Outcome.OK;
        }
        claimConference(leg.call, leg.device);
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
        change.touch(call);
        if (mechanics.deliver(call, destination, role, 0)) {
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
        mechanics.release(removed);
        return Outcome.OK;
    }

    Outcome swap(Party leg, String otherCallId) {
        Party pair = CallViews.pairOf(leg);
        if (pair == null || otherCallId != null && !otherCallId.equals(pair.call.id)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "Call " + otherCallId + " is not this call's held or active pair");
        }
        Party held = leg.state == PartyState.HELD ? leg : pair;
        Party active = held == leg ? pair : leg;
        active.state = active.state.onHeld();
        held.state = held.state.onRetrieved();
        change.touch(leg.call);
        change.touch(pair.call);
        return Outcome.OK;
    }

    Outcome clear(Party leg) {
        for (Party party : new ArrayList<>(leg.call.everyone())) {
            mechanics.release(party);
        }
        return Outcome.OK;
    }

    /** SendDtmf: the digits go to the other parties' endpoints, and the device's user hears DtmfSent. */
    Outcome sendDtmf(Party leg, String digits) {
        dtmfSent(leg, digits);
        forwardDtmf(leg, digits);
        return Outcome.OK;
    }

    /** Digits a party sent (from a desktop, a phone's RFC 4733, a customer) go to every other party's endpoint. */
    void forwardDtmf(Party leg, String digits) {
        for (Party other : leg.call.everyone()) {
            if (other != leg && CallMechanics.real(other)) {
                EndpointLeg otherLeg = other.leg();
                mechanics.request(other, endpoint -> endpoint.sendDtmf(otherLeg, digits));
            }
        }
    }

    /** A device's leg sent DTMF (from its desktop or its phone): its user hears DtmfSent. */
    void dtmfSent(Party leg, String digits) {
        if (leg.device.userId != null) {
            change.emit(new CallStateChanged(clock.instant(), leg.device.userId, views.viewOf(leg), CallNotification.DTMF_SENT,
                    digits));
        }
    }

    Outcome attachUserData(Party leg, Map<String, Object> data, boolean replace) {
        if (replace) {
            leg.call.userData.putAll(data);
        } else {
            for (Map.Entry<String, Object> entry : data.entrySet()) {
                leg.call.userData.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
        change.touch(leg.call);
        return Outcome.OK;
    }

    Outcome deleteUserDataPair(Party leg, String key) {
        if (!leg.call.userData.containsKey(key)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "The call has no user data key '" + key + "'");
        }
        leg.call.userData.remove(key);
        change.touch(leg.call);
        return Outcome.OK;
    }
}
