package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.audio.WhoHearsWhom;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Change;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.model.Subscription;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallType;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyState;

/**
 * Derives what a change did to calls: each touched device's call views, compared with the last ones published. Each
 * view that differs becomes one {@link CallStateChanged}, classified by what differs ({@code StatusChange} when the
 * party's state, mute or pairing changed, {@code ParticipantsUpdated} when only who is in the call changed,
 * {@code AttachedDataChanged} for user data, {@code CallRecordingStateChange} for recording); then each touched call
 * gets one {@link CallChanged} with its snapshot, and its media (who hears whom) goes to the endpoints that carry it.
 * So notifications cannot drift from state. Switch thread, but for the reads of published views.
 */
final class CallViews {
    private final CallTable calls;
    private final Change change;
    private final Clock clock;
    private final Supervision supervision;
    private final MonitoringSettings.AgentNotification agentNotification;
    private final Map<String, Map<String, CallView>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, CallMedia> media = new HashMap<>();

    CallViews(CallTable calls, Change change, Clock clock, Supervision supervision,
              MonitoringSettings.AgentNotification agentNotification) {
        this.agentNotification = agentNotification;
        this.calls = calls;
        this.change = change;
        this.clock = clock;
        this.supervision = supervision;
    }

    /** The device's calls as last published (any thread). */
    List<CallView> callsOf(String deviceId) {
        Map<String, CallView> views = byDevice.get(deviceId);
        return views == null ? List.of() : List.copyOf(views.values());
    }

    /** Publishes the views of what the change touched, emitting a notification for each view that changed. */
    void publish() {
        Instant now = clock.instant();
        List<Party> legs = new ArrayList<>();
        Set<Device> devices = new LinkedHashSet<>();
        for (Call call : change.touched()) {
            for (Party party : call.parties) {
                if (party.device != null && (party.active() || change.releasedLegs().contains(party))) {
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
                    d -> new LinkedHashMap<>(byDevice.getOrDefault(d.dn.id(), Map.of())));
            CallView before = views.get(leg.call.id);
            CallView after = viewOf(leg);
            if (before != null && before.isReleased()) {
                continue;
            }
            CallNotification notification = after.equals(before) ? null : classify(before, after);
            if (notification != null && device.userId != null) {
                // A device nobody holds keeps its views, but nobody is told.
                change.emit(new CallStateChanged(now, device.userId, after, notification, null));
            }
            if (after.isReleased()) {
                views.remove(leg.call.id);
            } else {
                views.put(leg.call.id, after);
            }
        }
        for (Map.Entry<Device, Map<String, CallView>> entry : changedDevices.entrySet()) {
            byDevice.put(entry.getKey().dn.id(), Map.copyOf(entry.getValue()));
        }
        for (Call call : change.touched()) {
            CallSnapshot snapshot = snapshotOf(call);
            change.emit(new CallChanged(now, snapshot));
            connectMedia(call, snapshot.ended());
            calls.published(call, snapshot);
        }
        change.viewsDerived();
    }

    /** Tells the endpoints that carry the call's legs who hears whom now, when that changed. */
    private void connectMedia(Call call, boolean ended) {
        Set<Endpoint> endpoints = null;
        for (Party party : call.parties) {
            if (party.endpoint.carriesMedia()) {
                if (endpoints == null) {
                    endpoints = new LinkedHashSet<>();
                }
                endpoints.add(party.endpoint);
            }
        }
        if (endpoints == null) {
            return;
        }
        CallMedia now = WhoHearsWhom.media(call);
        if (ended) {
            media.remove(call.id);
        } else if (now.equals(media.put(call.id, now))) {
            return;
        }
        for (Endpoint endpoint : endpoints) {
            change.request(() -> endpoint.connectMedia(now));
        }
    }

    /** The call as {@code leg}'s device sees it. */
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
        boolean monitoredHere = monitoring != null && !leg.supervising() && monitoring.monitoredParty() == leg;
        boolean conference = call.activeCount() >= 3;
        return CallView.builder()
                .call(call.id, call.connId, typeOf(call), call.ani, call.dnis, call.userData, call.created, call.recording,
                        call.parent == null ? null : call.parent.id)
                .party(leg.device.dn.id(), leg.number, leg.state, leg.muted, leg.pending != null)
                .acd(leg.offeredBy == null ? null : leg.offeredBy.dn.number(),
                        leg.offeredBy != null && leg.state == PartyState.RINGING ? (int) leg.offeredBy.ringNoAnswer.getSeconds() : null,
                        leg.offeredBy == null ? 0 : leg.offeredBy.group.wrapUpSeconds())
                .participants(participants, conference, conference && leg.device == call.conferenceOwner)
                .pairing(pair == null ? null : pair.call.id, pair == null ? null : pair.state,
                        leg.active() && !leg.supervising() && leg.device.anotherActive(leg))
                .monitoring(leg.supervising() ? leg.monitor.type : null,
                        monitoredHere && MonitoringPolicy.tellsAgent(agentNotification, monitoring.type),
                        (leg.supervising() || monitoredHere) && monitoring.monitoredUserMuted,
                        leg.supervising() && supervision.switchable(leg.monitor))
                .build();
    }

    /** The device's leg on the call this leg's call consults about, or on its consultation. */
    static Party pairOf(Party leg) {
        for (Party other : leg.device.legs) {
            if (other != leg && (other.call == leg.call.parent || other.call.parent == leg.call)) {
                return other;
            }
        }
        return null;
    }

    private static CallType typeOf(Call call) {
        if (call.parent != null) {
            return CallType.CONSULT;
        }
        if (call.originator().external()) {
            return CallType.INBOUND;
        }
        return call.hasExternal() ? CallType.OUTBOUND : CallType.INTERNAL;
    }

    static CallSnapshot snapshotOf(Call call) {
        List<CallSnapshot.Party> parties = new ArrayList<>();
        for (Party party : call.parties) {
            parties.add(new CallSnapshot.Party(party.number, party.role, party.state, party.external(), party.muted,
                    WhoHearsWhom.heardBy(party), party.id));
        }
        return new CallSnapshot(call.id, call.connId, call.ani, call.dnis, parties, call.userData,
                call.parent == null ? null : call.parent.id, call.waitingAt == null ? null : call.waitingAt.dn.number());
    }

    /**
     * The notification a changed view deserves, or {@code null} when only what GWS does not show changed (the switch
     * waits for a phone to confirm a request).
     */
    private static CallNotification classify(CallView before, CallView after) {
        if (before == null || before.state() != after.state() || before.muted() != after.muted()
                || before.callType() != after.callType() || !Objects.equals(before.otherCallId(), after.otherCallId())
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
        if (before.awaitingEndpoint() != after.awaitingEndpoint()) {
            return null;
        }
        return CallNotification.STATUS_CHANGE;
    }
}
