package dev.switchboard.core.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;


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
 * @param queue           the ACD queue that offered the call to this device, or {@code null} (a direct call)
 * @param ringNoAnswerSeconds while a queue's offer rings here, the seconds after which it goes back (ring no answer),
 *                        or {@code null}
 * @param wrapUpSeconds   the after-call work the device's agent owes when this call ends (a queue's group's), or 0
 * @param awaitingEndpoint whether the switch asked the party's phone to answer, hold or retrieve and waits for it: the
 *                        state stays what GWS shows until the phone confirms, and no notification says it
 */
public record CallView(String id, String connId, String deviceId, String phoneNumber, PartyState state, CallType callType,
                       List<String> participants, String ani, String dnis, Map<String, Object> userData, Instant created,
                       boolean muted, RecordingState recordingState, String parentCallId, boolean conference, boolean conferenceOwner,
                       String otherCallId, PartyState otherCallState, boolean anotherCallActive, MonitoringType monitoring,
                       boolean supervisorListeningIn, boolean monitoredUserMuted, boolean monitoringSwitchable,
                       String queue, Integer ringNoAnswerSeconds, int wrapUpSeconds, boolean awaitingEndpoint) {

    public CallView {
        participants = List.copyOf(participants);
        userData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userData));
    }

    public boolean isReleased() {
        return state == PartyState.RELEASED;
    }

    /** A builder: the call's own members first ({@link #call}), then the device's party, pairing and monitoring. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CallView} member by member. */
    public static final class Builder {
        private String id;
        private String connId;
        private String deviceId;
        private String phoneNumber;
        private PartyState state;
        private CallType callType;
        private List<String> participants = List.of();
        private String ani;
        private String dnis;
        private Map<String, Object> userData = Map.of();
        private Instant created;
        private boolean muted;
        private RecordingState recordingState = RecordingState.STOPPED;
        private String parentCallId;
        private boolean conference;
        private boolean conferenceOwner;
        private String otherCallId;
        private PartyState otherCallState;
        private boolean anotherCallActive;
        private MonitoringType monitoring;
        private boolean supervisorListeningIn;
        private boolean monitoredUserMuted;
        private boolean monitoringSwitchable;
        private boolean awaitingEndpoint;
        private String queue;
        private Integer ringNoAnswerSeconds;
        private int wrapUpSeconds;

        private Builder() {
        }

        /** The members every device sees alike. */
        public Builder call(String callId, String callConnId, CallType type, String callAni, String callDnis,
                            Map<String, Object> data, Instant createdAt, RecordingState recording, String parentId) {
            this.id = callId;
            this.connId = callConnId;
            this.callType = type;
            this.ani = callAni;
            this.dnis = callDnis;
            this.userData = data;
            this.created = createdAt;
            this.recordingState = recording;
            this.parentCallId = parentId;
            return this;
        }

        /** The device's own party. */
        public Builder party(String device, String number, PartyState partyState, boolean partyMuted, boolean awaiting) {
            this.deviceId = device;
            this.phoneNumber = number;
            this.state = partyState;
            this.muted = partyMuted;
            this.awaitingEndpoint = awaiting;
            return this;
        }

        public Builder participants(List<String> numbers, boolean isConference, boolean owner) {
            this.participants = numbers;
            this.conference = isConference;
            this.conferenceOwner = owner;
            return this;
        }

        /** The device's paired call (a call and its consultation), and whether another of its calls is active. */
        public Builder pairing(String otherId, PartyState otherState, boolean anotherActive) {
            this.otherCallId = otherId;
            this.otherCallState = otherState;
            this.anotherCallActive = anotherActive;
            return this;
        }

        public Builder monitoring(MonitoringType way, boolean listeningIn, boolean userMuted, boolean switchable) {
            this.monitoring = way;
            this.supervisorListeningIn = listeningIn;
            this.monitoredUserMuted = userMuted;
            this.monitoringSwitchable = switchable;
            return this;
        }

        /** The queue that offered the call to the device, its ring-no-answer while it rings, the wrap-up owed. */
        public Builder acd(String offeringQueue, Integer ringNoAnswer, int wrapUp) {
            this.queue = offeringQueue;
            this.ringNoAnswerSeconds = ringNoAnswer;
            this.wrapUpSeconds = wrapUp;
            return this;
        }

        public CallView build() {
            return new CallView(id, connId, deviceId, phoneNumber, state, callType, participants, ani, dnis, userData, created, muted,
                    recordingState, parentCallId, conference, conferenceOwner, otherCallId, otherCallState, anotherCallActive,
                    monitoring, supervisorListeningIn, monitoredUserMuted, monitoringSwitchable, queue, ringNoAnswerSeconds, wrapUpSeconds,
                    awaitingEndpoint);
        }
    }
}
