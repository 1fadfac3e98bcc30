package dev.switchboard.core.telephony;

import static dev.switchboard.core.agent.AgentState.LOGGED_OUT;
import static dev.switchboard.core.agent.AgentState.NOT_READY;
import static dev.switchboard.core.event.DeviceChange.LOGIN;
import static dev.switchboard.core.event.DeviceChange.LOGOUT;
import static dev.switchboard.core.testing.OutcomeAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.testing.DeviceStateRow;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceView;

/** StartContactCenterSession, EndContactCenterSession and devicesOf on one switch, with the exact events. */
class SwitchSessionTest {
    private final SwitchHarness harness = new SwitchHarness();
    private final Switch voiceSwitch = harness.voiceSwitch();
    private final User agent1 = harness.user("agent1");
    private final User agent2 = harness.user("agent2");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void startOnOneDevicePlaceLogsInNotReadyWithOneLoginEvent() {
        harness.timers().advance(Duration.ofSeconds(7));

        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));

        assertThat(outcome).isEqualTo(Outcome.OK);
        List<DeviceStateChanged> events = harness.events().drain().stream().map(DeviceStateChanged.class::cast).toList();
        assertThat(events).extracting(DeviceStateRow::of)
                .containsExactly(new DeviceStateRow(agent1.id(), "5001", LOGIN, NOT_READY, false, null));
        assertThat(events.get(0).at()).isEqualTo(SwitchHarness.START.plusSeconds(7));
        assertThat(events.get(0).device().id()).isEqualTo(TestDirectory.dnId("5001"));
        DeviceView device = harness.device("5001");
        assertThat(device.userId()).isEqualTo(agent1.id());
        assertThat(device.agentState()).isEqualTo(NOT_READY);
        assertThat(device.readyWorkMode()).isNull();
        assertThat(device.agentStateSince()).isEqualTo(SwitchHarness.START.plusSeconds(7));
        assertThat(voiceSwitch.sessionPlace(agent1.id())).contains("Place5001");
        harness.events().assertNoMore();
    }

    @Test
    void startAgainOnSamePlaceIsAcceptedAndChangesNothing() {
        harness.logIn("agent1", "Place5001");
        DeviceView before = harness.device("5001");

        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));

        assertThat(outcome).isEqualTo(Outcome.OK);
        harness.events().assertNoMore();
        assertThat(harness.device("5001")).isEqualTo(before);
    }

    @Test
    void startOnAnotherPlaceWhileInSessionIsNotInCapabilities() {
        harness.logIn("agent1", "Place5001");

        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, harness.place("Place5002")));

        assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES);
        assertThat(((Outcome.Refused) outcome).message()).contains("Place5001");
        harness.events().assertNoMore();
        assertThat(voiceSwitch.sessionPlace(agent1.id())).contains("Place5001");
        assertThat(harness.device("5002").userId()).isNull();
        assertThat(harness.device("5002").agentState()).isEqualTo(LOGGED_OUT);
    }

    @Test
    void startOnPlaceInUseByAnotherUserIsInUseAndChangesNothing() {
        harness.logIn("agent1", "Place5001");
        DeviceView before = harness.device("5001");

        Outcome outcome = harness.await(voiceSwitch.startSession(agent2, harness.place("Place5001")));

        assertRefused(outcome, Refusal.IN_USE);
        harness.events().assertNoMore();
        assertThat(harness.device("5001")).isEqualTo(before);
        assertThat(voiceSwitch.sessionPlace(agent2.id())).isEmpty();
        assertThat(voiceSwitch.sessionPlace(agent1.id())).contains("Place5001");
    }

    @Test
    void secondUserCannotTakeAMultiDevicePlaceAnotherUserHolds() {
        harness.logIn("agent1", TestDirectory.PLACE_MULTI);

        Outcome outcome = harness.await(voiceSwitch.startSession(agent2, harness.place(TestDirectory.PLACE_MULTI)));

        assertRefused(outcome, Refusal.IN_USE);
        harness.events().assertNoMore();
        assertThat(harness.device("5201").userId()).isEqualTo(agent1.id());
        assertThat(harness.device("5202").userId()).isEqualTo(agent1.id());
        assertThat(voiceSwitch.sessionPlace(agent2.id())).isEmpty();
    }

    @Test
    void startOnMultiDevicePlaceLogsInOnTheAcdPositionAndAssignsBothDevices() {
        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_MULTI)));

        assertThat(outcome).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(
                new DeviceStateRow(agent1.id(), "5201", LOGIN, LOGGED_OUT, false, null),
                new DeviceStateRow(agent1.id(), "5202", LOGIN, NOT_READY, false, null));
        assertThat(harness.device("5201").userId()).isEqualTo(agent1.id());
        assertThat(harness.device("5201").agentState()).isEqualTo(LOGGED_OUT);
        assertThat(harness.device("5202").userId()).isEqualTo(agent1.id());
        assertThat(harness.device("5202").agentState()).isEqualTo(NOT_READY);
        assertThat(voiceSwitch.sessionPlace(agent1.id())).contains(TestDirectory.PLACE_MULTI);
    }

    @Test
    void startOnPlaceWithSeveralDevicesAndNoAcdPositionIsInvalidAndChangesNothing() {
        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_AMBIGUOUS)));

        assertRefused(outcome, Refusal.INVALID_PARAMETER);
        harness.events().assertNoMore();
        for (String number : List.of("5301", "5302")) {
            assertThat(harness.device(number).userId()).isNull();
            assertThat(harness.device(number).agentState()).isEqualTo(LOGGED_OUT);
        }
        assertThat(voiceSwitch.sessionPlace(agent1.id())).isEmpty();
    }

    @Test
    void startOnPlaceOfAnotherEnvironmentIsInvalid() {
        Place elsewhere = TestDirectory.place("PlaceElsewhere", "Elsewhere", "5001");

        Outcome outcome = harness.await(voiceSwitch.startSession(agent1, elsewhere));

        assertRefused(outcome, Refusal.INVALID_PARAMETER);
        harness.events().assertNoMore();
        assertThat(voiceSwitch.sessionPlace(agent1.id())).isEmpty();
    }

    @Test
    void endSessionLogsOutAndUnassignsTheDevice() {
        harness.logIn("agent1", "Place5001");
        harness.timers().advance(Duration.ofSeconds(42));

        Outcome outcome = harness.await(voiceSwitch.endSession(agent1));

        assertThat(outcome).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows())
                .containsExactly(new DeviceStateRow(agent1.id(), "5001", LOGOUT, LOGGED_OUT, false, null));
        DeviceView device = harness.device("5001");
        assertThat(device.userId()).isNull();
        assertThat(device.agentStateSince()).isEqualTo(SwitchHarness.START.plusSeconds(42));
        assertThat(voiceSwitch.sessionPlace(agent1.id())).isEmpty();
        assertThat(voiceSwitch.devicesOf(agent1)).containsExactly(device);
    }

    @Test
    void endSessionOnMultiDevicePlaceLogsOutBothDevicesAndFallsBackToTheDefaultPlace() {
        harness.logIn("agent1", TestDirectory.PLACE_MULTI);

        Outcome outcome = harness.await(voiceSwitch.endSession(agent1));

        assertThat(outcome).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(
                new DeviceStateRow(agent1.id(), "5201", LOGOUT, LOGGED_OUT, false, null),
                new DeviceStateRow(agent1.id(), "5202", LOGOUT, LOGGED_OUT, false, null));
        assertThat(harness.device("5201").userId()).isNull();
        assertThat(harness.device("5202").userId()).isNull();
        assertThat(voiceSwitch.devicesOf(agent1)).extracting(DeviceView::number).containsExactly("5001");
    }

    @Test
    void endSessionWithoutSessionIsNotInCapabilities() {
        Outcome outcome = harness.await(voiceSwitch.endSession(agent1));

        assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
    }

    @Test
    void endSessionTwiceIsRefusedTheSecondTime() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.endSession(agent1));
        harness.events().drain();

        assertRefused(harness.await(voiceSwitch.endSession(agent1)), Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
    }

    @Test
    void placeIsFreeForAnotherUserAfterEndSession() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.endSession(agent1));
        harness.events().drain();

        Outcome outcome = harness.await(voiceSwitch.startSession(agent2, harness.place("Place5001")));

        assertThat(outcome).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows())
                .containsExactly(new DeviceStateRow(agent2.id(), "5001", LOGIN, NOT_READY, false, null));
    }

    @Test
    void agentStateChangeAfterEndSessionIsNotInCapabilities() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.endSession(agent1));
        harness.events().drain();

        Outcome outcome = harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY)));

        assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
    }

    @Test
    void devicesOfIsTheSessionPlace() {
        harness.logIn("agent1", TestDirectory.PLACE_MULTI);

        assertThat(voiceSwitch.devicesOf(agent1)).extracting(DeviceView::number).containsExactly("5201", "5202");
        assertThat(voiceSwitch.devicesOf(agent1)).allSatisfy(device -> assertThat(device.userId()).isEqualTo(agent1.id()));
    }

    @Test
    void devicesOfWithoutSessionIsTheUnassignedDefaultPlace() {
        List<DeviceView> devices = voiceSwitch.devicesOf(agent1);

        assertThat(devices).extracting(DeviceView::number).containsExactly("5001");
        assertThat(devices.get(0).userId()).isNull();
    }

    @Test
    void devicesOfIsEmptyWhenAnotherUserHoldsTheDefaultPlace() {
        harness.logIn("agent2", "Place5001");

        assertThat(voiceSwitch.devicesOf(agent1)).isEmpty();
        assertThat(voiceSwitch.devicesOf(agent2)).extracting(DeviceView::number).containsExactly("5001");
    }

    @Test
    void devicesOfIsEmptyForAUserWithoutDefaultPlace() {
        assertThat(voiceSwitch.devicesOf(harness.user("admin"))).isEmpty();
    }

    @Test
    void switchHasADeviceForEachAgentDnOnly() {
        assertThat(voiceSwitch.device(TestDirectory.dnId("5202"))).isPresent();
        assertThat(voiceSwitch.device(TestDirectory.dnId(TestDirectory.ROUTING_POINT))).isEmpty();
        assertThat(voiceSwitch.device(TestDirectory.dnId(TestDirectory.QUEUE))).isEmpty();
        assertThat(harness.device("5001").agentStateSince()).isEqualTo(SwitchHarness.START);
    }
}
