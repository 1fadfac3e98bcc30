package dev.switchboard.core.telephony;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.supervision.MonitoringType;

/**
 * A call as one device sees it at one moment: what GWS calls the call resource. Immutable; compared by value, which is
 * how the switch decides which notification a change deserves.
 *
 * @param state           this device's party state
 * @param participants    the numbers of the other active parties
 * @param ani             the number that placed the call
 * @param dnis            the number it dialed
 * @param userData        attached data, in attach order
 * @param muted           whether this device's party is muted
 * @param parentCallId    for a consultation call, the call it consults about; otherwise {@code null}
 * @param conference      whether three or more parties are active in the call
 * @param conferenceOwner whether this device made the call a conference (it may remove participants and clear it)
 * @param otherCallId     the device's call that pairs with this one (a call and its consultation), or {@code null}
 * @param otherCallState  that call's state for this device, or {@code null}
 * @param anotherCallActive whether another call of the device is dialing or established (it must be held before this
 *                        one is answered or retrieved)
 * @param monitoring      for a supervisor's monitoring leg, how the supervisor monitors; otherwise {@code null}
 * @param supervisorListeningIn whether a supervisor listens in on or coaches this device's party
 * @param monitoredUserMuted whether the monitored agent of the call is muted by the supervisor
 * @param monitoringSwitchable for a monitoring leg, whether SwitchToListenIn/SwitchToBargeIn are possible now (in a
 *                        SIP Cluster, a routing point's monitor switches only once an agent has answered)
 */
public record CallView(String id, String connId, String deviceId, String phoneNumber, PartyState state, CallType callType,
                       List<String> participants, String ani, String dnis, Map<String, Object> userData, Instant created,
                       boolean muted, RecordingState recordingState, String parentCallId, boolean conference, boolean conferenceOwner,
                       String otherCallId, PartyState otherCallState, boolean anotherCallActive, MonitoringType monitoring,
                       boolean supervisorListeningIn, boolean monitoredUserMuted, boolean monitoringSwitchable) {

    public CallView {
        participants = List.copyOf(participants);
        userData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userData));
    }

    public boolean isReleased() {
        return state == PartyState.RELEASED;
    }
}
