package dev.switchboard.server.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallType;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.core.view.RecordingState;

/** Builds the switch's events of the demo floor for model tests, as the switch would publish them. */
final class FloorEvents {
    static final String ENVIRONMENT = "Demo";
    private final Directory directory;
    private final Map<String, String> placeDns;

    FloorEvents(Directory directory, Map<String, String> placeDns) {
        this.directory = directory;
        this.placeDns = placeDns;
    }

    User user(String userName) {
        return directory.userByName(userName).orElseThrow();
    }

    private Dn dn(String number) {
        return directory.dnByNumber(ENVIRONMENT, number).orElseThrow();
    }

    /** The agent's device (its place's DN) in {@code state} since {@code at}. */
    DeviceStateChanged state(Instant at, String userName, AgentState previous, AgentState state, String reason) {
        User user = user(userName);
        DeviceView device = new DeviceView(dn(placeDns.get(userName)), user.id(), state, null, false, null, at, null, null, reason);
        return new DeviceStateChanged(at, user.id(), device, DeviceChange.AGENT_STATE, previous);
    }

    /** The call as the agent's device sees it. */
    CallStateChanged call(Instant at, String userName, String callId, PartyState state, String queue, CallType type, String dnis) {
        return call(at, userName, callId, state, queue, type, dnis, null);
    }

    /** The same, for a supervisor's monitoring leg when {@code monitoring} is given. */
    CallStateChanged call(Instant at, String userName, String callId, PartyState state, String queue, CallType type, String dnis,
                          MonitoringType monitoring) {
        User user = user(userName);
        Dn dn = dn(placeDns.get(userName));
        CallView view = CallView.builder()
                .call(callId, "conn-" + callId, type, "+15550100", dnis, Map.of(), at, RecordingState.STOPPED, null)
                .party(dn.id(), dn.number(), state, false, false)
                .acd(queue, null, 0)
                .monitoring(monitoring, false, false, false)
                .build();
        return new CallStateChanged(at, user.id(), view, CallNotification.STATUS_CHANGE, null);
    }

    /** The call as the switch sees it: a customer and the given parties ({@code number, role, state} triples). */
    static CallChanged snapshot(Instant at, String callId, String dnis, String waitingAt, PartyState customer, Object... parties) {
        List<CallSnapshot.Party> all = new ArrayList<>();
        all.add(new CallSnapshot.Party("+15550100", PartyRole.ORIGINATOR, customer, true, false, List.of()));
        for (int i = 0; i < parties.length; i += 3) {
            all.add(new CallSnapshot.Party((String) parties[i], (PartyRole) parties[i + 1], (PartyState) parties[i + 2], false, false,
                    List.of()));
        }
        return new CallChanged(at, new CallSnapshot(callId, "conn-" + callId, "+15550100", dnis, all, Map.of(), null, waitingAt));
    }
}
