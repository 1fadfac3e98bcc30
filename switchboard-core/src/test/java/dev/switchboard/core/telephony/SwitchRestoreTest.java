package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.DurableStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/**
 * The durable state a switch records after each change ({@link DurableStateChanged}) and what a new switch takes back
 * of it ({@link Switch#restore}): sessions without a login, states with their reasons and times, the rest of a
 * wrap-up, features and subscriptions; what no longer fits is dropped and said.
 */
class SwitchRestoreTest {
    private final SwitchHarness before = new SwitchHarness();
    private final SwitchHarness after = new SwitchHarness();

    @AfterEach
    void close() {
        before.close();
        after.close();
    }

    /** The latest record of each device, as a journal keyed by device would keep them. */
    private static List<DeviceRecord> latest(SwitchHarness harness) {
        Map<String, DeviceRecord> byDevice = new LinkedHashMap<>();
        for (DurableStateChanged changed : harness.events().durable()) {
            for (DeviceRecord record : changed.devices()) {
                byDevice.put(record.deviceId(), record);
            }
        }
        return byDevice.values().stream().filter(record -> !record.isBlank()).toList();
    }

    private Outcome ok(SwitchHarness harness, java.util.concurrent.CompletableFuture<Outcome> command) {
        Outcome outcome = harness.await(command);
        assertThat(outcome).isEqualTo(Outcome.OK);
        return outcome;
    }

    @Test
    void everyChangeThatTouchesADeviceEndsWithItsRecord() {
        before.logIn("agent1", "Place5001");
        List<DurableStateChanged> login = before.events().durable();
        assertThat(login).hasSize(1);
        assertThat(login.get(0).devices()).singleElement().satisfies(record -> {
            assertThat(record.userId()).isEqualTo(TestDirectory.userId("agent1"));
            assertThat(record.agentState()).isEqualTo(AgentState.NOT_READY);
        });

        ok(before, before.voiceSwitch().setDoNotDisturb(before.user("agent1"), before.deviceId("5001"), true));

        assertThat(before.events().durable()).hasSize(2);
        assertThat(before.events().durable().get(1).devices().get(0).doNotDisturb()).isTrue();
        // Clients hear the DeviceStateChanged; the record is kept apart, after it.
        assertThat(before.events().drain()).extracting(SwitchEvent::getClass).containsExactly(DeviceStateChanged.class);
    }

    @Test
    void sessionsStatesFeaturesWrapUpAndSubscriptionsComeBackWithoutALogin() {
        before.logIn("agent1", "Place5001");
        before.logIn("agent2", "Place5002");
        before.logIn("agent3", "Place5003");
        before.logIn("supervisor1", "Place5005");
        ok(before, before.voiceSwitch().changeAgentState(before.user("agent1"),
                new AgentStateRequest(AgentState.NOT_READY, null, null, "Lunch")));
        ok(before, before.voiceSwitch().setDoNotDisturb(before.user("agent1"), before.deviceId("5001"), true));
        ok(before, before.voiceSwitch().setForwarding(before.user("agent1"), before.deviceId("5001"), "5004"));
        ok(before, before.voiceSwitch().changeAgentState(before.user("agent2"),
                new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, Duration.ofSeconds(60))));
        ok(before, before.voiceSwitch().changeAgentState(before.user("agent3"),
                new AgentStateRequest(AgentState.READY, ReadyWorkMode.MANUAL_IN, null)));
        ok(before, before.voiceSwitch().monitor(before.user("supervisor1"), before.deviceId("5005"),
                new MonitoringRequest(MonitoringType.COACH, MonitoringScope.CALL, MonitoringMode.ALL_CALLS, "5003")));
        before.timers().advance(Duration.ofSeconds(20));
        List<DeviceRecord> records = latest(before);
        List<DeviceView> devicesBefore = new ArrayList<>();
        for (String number : List.of("5001", "5002", "5003", "5005")) {
            devicesBefore.add(before.device(number));
        }
        after.timers().advance(Duration.ofSeconds(20));

        Restored restored = after.await(after.voiceSwitch().restore(records));

        assertThat(restored.sessionUserIds()).containsExactlyInAnyOrder(TestDirectory.userId("agent1"), TestDirectory.userId("agent2"),
                TestDirectory.userId("agent3"), TestDirectory.userId("supervisor1"));
        assertThat(restored.subscriptions()).isEqualTo(1);
        assertThat(restored.dropped()).isEmpty();
        List<DeviceView> devicesAfter = new ArrayList<>();
        for (String number : List.of("5001", "5002", "5003", "5005")) {
            devicesAfter.add(after.device(number));
        }
        assertThat(devicesAfter).isEqualTo(devicesBefore);
        assertThat(after.voiceSwitch().subscriptions()).isEqualTo(before.voiceSwitch().subscriptions());
        List<SwitchEvent> told = after.events().drain();
        assertThat(told).allSatisfy(event -> assertThat(((DeviceStateChanged) event).change()).isEqualTo(DeviceChange.RESTORED));
        assertThat(told).hasSize(4);
        // The wrap-up goes on for the 40 s it had left, not 60 s again.
        after.timers().advance(Duration.ofSeconds(39));
        assertThat(after.device("5002").agentState()).isEqualTo(AgentState.AFTER_CALL_WORK);
        after.timers().advance(Duration.ofSeconds(1));
        assertThat(after.device("5002").agentState()).isEqualTo(AgentState.READY);
        // The restored sessions are sessions: a second start on another place is refused, an end works.
        assertThat(after.await(after.voiceSwitch().startSession(after.user("agent1"), after.place("Place5004"))).isAccepted()).isFalse();
        ok(after, after.voiceSwitch().endSession(after.user("agent1")));
    }

    @Test
    void aWrapUpThatRanOutWhileDownEndsAtTheRestore() {
        before.logIn("agent2", "Place5002");
        ok(before, before.voiceSwitch().changeAgentState(before.user("agent2"),
                new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, Duration.ofSeconds(30))));
        List<DeviceRecord> records = latest(before);
        after.timers().advance(Duration.ofSeconds(45));

        after.await(after.voiceSwitch().restore(records));

        assertThat(after.device("5002").agentState()).isEqualTo(AgentState.READY);
        assertThat(after.device("5002").agentStateSince()).isEqualTo(SwitchHarness.START.plusSeconds(45));
    }

    @Test
    void whatNoLongerFitsIsDroppedAndSaid() {
        before.logIn("agent3", "Place5003");
        before.logIn("supervisor1", "Place5005");
        ok(before, before.voiceSwitch().monitor(before.user("supervisor1"), before.deviceId("5005"),
                new MonitoringRequest(MonitoringType.LISTEN_IN, MonitoringScope.AGENT, MonitoringMode.NEXT_CALL, "5003")));
        List<DeviceRecord> records = new ArrayList<>(latest(before));
        // Meanwhile someone else holds the supervisor's place.
        after.logIn("agent4", "Place5005");
        records.add(new DeviceRecord("no-such-device", TestDirectory.userId("agent1"), AgentState.READY, null, null,
                SwitchHarness.START, null, false, null, null));

        Restored restored = after.await(after.voiceSwitch().restore(records));

        assertThat(restored.sessionUserIds()).containsExactly(TestDirectory.userId("agent3"));
        assertThat(restored.subscriptions()).isZero();
        assertThat(restored.dropped()).hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("no-such-device"))
                .anySatisfy(line -> assertThat(line).contains("session of user " + TestDirectory.userId("supervisor1"), "no longer free"))
                .anySatisfy(line -> assertThat(line).startsWith("monitoring by user " + TestDirectory.userId("supervisor1")));
        assertThat(after.voiceSwitch().subscriptions()).isEmpty();
        assertThat(after.device("5005").userId()).isEqualTo(TestDirectory.userId("agent4"));
    }

    @Test
    void announceTellsTheUserTheirDevicesAsTheyAre() {
        after.logIn("agent1", "Place5001");

        ok(after, after.voiceSwitch().announce(after.user("agent1")));

        DeviceStateChanged told = (DeviceStateChanged) after.events().poll(Duration.ZERO);
        assertThat(told.change()).isEqualTo(DeviceChange.RESTORED);
        assertThat(told.device()).isEqualTo(after.device("5001"));
        after.events().assertNoMore();
    }
}
