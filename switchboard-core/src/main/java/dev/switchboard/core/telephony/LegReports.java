package dev.switchboard.core.telephony;

import java.util.Map;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.endpoint.Origination;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * What endpoints report of their legs (a phone answered, hung up, held, refused; a customer called in), applied as
 * switch commands: the same model changes, and so the same GWS notifications, as the operations a client posts.
 * Switch thread only.
 */
final class LegReports {
    private final String environment;
    private final Directory directory;
    private final Devices devices;
    private final CallTable calls;
    private final CallMechanics mechanics;
    private final CallCommands commands;
    private final AcdRouting routing;
    private final Change change;
    private final java.time.Clock clock;

    LegReports(String environment, Directory directory, Devices devices, CallTable calls, CallMechanics mechanics,
               CallCommands commands, AcdRouting routing, Change change, java.time.Clock clock) {
        this.environment = environment;
        this.directory = directory;
        this.devices = devices;
        this.calls = calls;
        this.mechanics = mechanics;
        this.commands = commands;
        this.routing = routing;
        this.change = change;
        this.clock = clock;
    }

    // ---- customers: external numbers calling in and acting by number (the simulator's API) ----

    Outcome customerCall(String from, String to, Map<String, Object> userData, Origination origination) {
        if (devices.byNumber(from) != null || directory.dnByNumber(environment, from).isPresent()) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A customer calls from an external number, not " + from);
        }
        Call call = mechanics.newCall(from, to, null);
        call.userData.putAll(userData);
        mechanics.join(call, from, null, PartyRole.ORIGINATOR, PartyState.DIALING, origination);
        if (!mechanics.deliver(call, to, PartyRole.DESTINATION, 0)) {
            // Refused, so the call never was: only the customer was in it, and nobody may hear of it.
            calls.remove(call);
            calls.left(call.originator());
            change.untouch(call);
            return Outcome.refused(Refusal.IN_USE, "Destination " + to + " is busy");
        }
        return Outcome.accepted(call.id);
    }

    /**
     * A device's phone placed a call itself (its user dialled on the phone): like GWS Dial from the device, but the
     * caller's leg is the phone's, the device needs no agent logged in, and a busy destination refuses the call.
     */
    Outcome phoneCall(String deviceNumber, String destination, Origination origination) {
        Device device = devices.byNumber(deviceNumber);
        if (device == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "No device " + deviceNumber);
        }
        if (destination.equals(deviceNumber)) {
            return Outcome.refused(Refusal.INVALID_PARAMETER, "A device cannot dial itself");
        }
        if (device.anotherActive(null)) {
            return Outcome.refused(Refusal.IN_USE, "Device " + deviceNumber + " is on another call");
        }
        Call call = mechanics.newCall(deviceNumber, destination, null);
        Party caller = mechanics.join(call, deviceNumber, device, PartyRole.ORIGINATOR, PartyState.DIALING, origination);
        if (!mechanics.deliver(call, destination, PartyRole.DESTINATION, 0)) {
            // Refused, so the call never was: the phone hears "busy" from the refusal, and nobody hears of the call.
            calls.remove(call);
            calls.left(caller);
            device.legs.remove(caller);
            change.untouch(call);
            return Outcome.refused(Refusal.IN_USE, "Destination " + destination + " is busy");
        }
        return Outcome.accepted(call.id);
    }

    Outcome customerAnswer(String callId, String number) {
        Party party = externalParty(callId, number);
        if (party == null || party.state != PartyState.RINGING) {
            return Outcome.refused(party == null ? Refusal.NOT_FOUND : Refusal.NOT_IN_CAPABILITIES,
                    "No ringing customer " + number + " in call " + callId);
        }
        return commands.answer(party);
    }

    Outcome customerHangup(String callId, String number) {
        Party party = externalParty(callId, number);
        if (party == null) {
            return Outcome.refused(Refusal.NOT_FOUND, "No customer " + number + " in call " + callId);
        }
        mechanics.release(party);
        return Outcome.OK;
    }

    Outcome customerDtmf(String callId, String number, String digits) {
        Party party = externalParty(callId, number);
        if (party == null || party.state != PartyState.ESTABLISHED) {
            return Outcome.refused(party == null ? Refusal.NOT_FOUND : Refusal.NOT_IN_CAPABILITIES,
                    "No established customer " + number + " in call " + callId);
        }
        // The digits reach the other parties' endpoints; GWS has no notification for received DTMF.
        commands.forwardDtmf(party, digits);
        change.touch(party.call);
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

    // ---- endpoints reporting on their legs ----

    /** The far end rings: nothing GWS shows changes (the party rings from the offer on). */
    Outcome ringing(String legId) {
        return leg(legId) == null ? unknown(legId) : Outcome.OK;
    }

    /** The leg's far end answered (a phone picked up, a customer answered, or a phone confirmed GWS Answer). */
    Outcome answered(String legId) {
        Party party = leg(legId);
        if (party == null) {
            return unknown(legId);
        }
        if (party.state == PartyState.DIALING) {
            // A device's phone, called first for a call its user places, is up: the call goes on to its destination.
            return Outcome.OK;
        }
        if (party.state != PartyState.RINGING) {
            return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Leg " + legId + " is " + party.state.wireName() + ", not ringing");
        }
        commands.answered(party);
        return Outcome.OK;
    }

    /** The far end hung up: a ringing ACD offer goes back to its queue (declined); any other leg is released. */
    Outcome released(String legId, ReleaseCause cause) {
        Party party = leg(legId);
        if (party == null) {
            return unknown(legId);
        }
        party.endpointEnded = true;
        if (party.acd() && party.state == PartyState.RINGING) {
            routing.offerDeclined(party);
        } else {
            mechanics.release(party, cause);
        }
        return Outcome.OK;
    }

    /**
     * An offer failed (busy, unreachable, rejected): like a hang-up of the leg, and the user who placed the call (or
     * transferred it there) hears why, after the call's events.
     */
    Outcome failed(String legId, ReleaseCause cause) {
        Party party = leg(legId);
        if (party == null) {
            return unknown(legId);
        }
        Party originator = party.call.originator();
        Outcome outcome = released(legId, cause);
        if (originator != party && originator.device != null && !party.acd()) {
            mechanics.failed(originator.device, party.call, "Destination " + party.number + " failed: " + cause, null);
        }
        return outcome;
    }

    /** The phone confirmed the hold the switch asked for. */
    Outcome held(String legId) {
        Party party = pending(legId, Party.Pending.HOLD);
        if (party == null) {
            return notPending(legId, "hold");
        }
        commands.held(party);
        return Outcome.OK;
    }

    /** The phone confirmed the retrieve the switch asked for. */
    Outcome retrieved(String legId) {
        Party party = pending(legId, Party.Pending.RETRIEVE);
        if (party == null) {
            return notPending(legId, "retrieve");
        }
        commands.retrieved(party);
        return Outcome.OK;
    }

    /**
     * The phone refused what the switch asked (it cannot answer remotely, it would not hold): the party stays as it
     * was, and its user hears why.
     */
    Outcome refused(String legId, String reason) {
        Party party = leg(legId);
        if (party == null || party.pending == null) {
            return party == null ? unknown(legId) : notPending(legId, "request");
        }
        Party.Pending asked = party.pending;
        party.pending = null;
        change.touch(party.call);
        if (party.device != null && party.device.userId != null) {
            change.followUp(new FollowUp.Failure(new CallFailed(clock.instant(), party.device.userId, party.call.id,
                    CallMechanics.ERROR_BUSY, "The phone did not " + asked.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason,
                    null)));
        }
        return Outcome.OK;
    }

    /**
     * The far end sent DTMF: a device's phone is as if its user sent it (DtmfSent); either way the digits go on to the
     * other parties' endpoints (a browser hears them as tones, a phone gets them as RFC 4733 or SIP INFO).
     */
    Outcome dtmf(String legId, String digits) {
        Party party = leg(legId);
        if (party == null) {
            return unknown(legId);
        }
        if (party.device != null) {
            commands.sendDtmf(party, digits);
        } else {
            commands.forwardDtmf(party, digits);
            change.touch(party.call);
        }
        return Outcome.OK;
    }

    private Party leg(String legId) {
        return calls.leg(legId);
    }

    private Party pending(String legId, Party.Pending request) {
        Party party = leg(legId);
        return party != null && party.pending == request ? party : null;
    }

    private static Outcome unknown(String legId) {
        return Outcome.refused(Refusal.NOT_FOUND, "No active leg " + legId);
    }

    private static Outcome notPending(String legId, String request) {
        return Outcome.refused(Refusal.NOT_IN_CAPABILITIES, "Leg " + legId + " has no " + request + " waiting for its endpoint");
    }
}
