package dev.switchboard.core.telephony;

import static dev.switchboard.core.agent.AgentState.AFTER_CALL_WORK;
import static dev.switchboard.core.agent.AgentState.AUX_WORK;
import static dev.switchboard.core.agent.AgentState.LOGGED_OUT;
import static dev.switchboard.core.agent.AgentState.NOT_READY;
import static dev.switchboard.core.agent.AgentState.READY;
import static dev.switchboard.core.event.DeviceChange.AGENT_STATE;
import static dev.switchboard.core.event.DeviceChange.LOGOUT;
import static dev.switchboard.core.testing.OutcomeAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.testing.DeviceStateRow;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceView;

/** Agent state changes and the after-call-work wrap-up timer, on fake time. */
class SwitchAgentStateTest {
    private static final Duration WRAP_UP = Duration.ofSeconds(30);

    private final SwitchHarness harness = new SwitchHarness();
    private final Switch voiceSwitch = harness.voiceSwitch();
    private final User agent1 = harness.user("agent1");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(new AgentStateRequest(READY, null, null), READY, null),
                Arguments.of(new AgentStateRequest(READY, ReadyWorkMode.MANUAL_IN, null), READY, ReadyWorkMode.MANUAL_IN),
                Arguments.of(new AgentStateRequest(READY, ReadyWorkMode.AUTO_IN, null), READY, ReadyWorkMode.AUTO_IN),
                Arguments.of(AgentStateRequest.of(NOT_READY), NOT_READY, null),
                // A work mode only means something for Ready; the switch drops it otherwise.
                Arguments.of(new AgentStateRequest(NOT_READY, ReadyWorkMode.AUTO_IN, null), NOT_READY, null),
                Arguments.of(AgentStateRequest.of(AFTER_CALL_WORK), AFTER_CALL_WORK, null),
                Arguments.of(AgentStateRequest.of(AUX_WORK), AUX_WORK, null));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void stateChangeEmitsOneAgentStateEvent(AgentStateRequest request, AgentState expectedState, ReadyWorkMode expectedWorkMode) {
        harness.logIn("agent1", "Place5001");
        harness.timers().advance(Duration.ofSeconds(5));

        Outcome outcome = harness.await(voiceSwitch.changeAgentState(agent1, request));

        assertThat(outcome).isEqualTo(Outcome.OK);
        DeviceStateChanged event = (DeviceStateChanged) harness.events().poll(Duration.ZERO);
        assertThat(DeviceStateRow.of(event))
                .isEqualTo(new DeviceStateRow(agent1.id(), "5001", AGENT_STATE, expectedState, false, null));
        assertThat(event.device().readyWorkMode()).isEqualTo(expectedWorkMode);
        assertThat(event.at()).isEqualTo(SwitchHarness.START.plusSeconds(5));
        harness.events().assertNoMore();
        DeviceView device = harness.device("5001");
        assertThat(device.agentState()).isEqualTo(expectedState);
        assertThat(device.readyWorkMode()).isEqualTo(expectedWorkMode);
        assertThat(device.agentStateSince()).isEqualTo(SwitchHarness.START.plusSeconds(5));
    }

    @Test
    void leavingReadyClearsTheWorkMode() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, new AgentStateRequest(READY, ReadyWorkMode.AUTO_IN, null)));

        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AUX_WORK)));

        assertThat(harness.device("5001").readyWorkMode()).isNull();
    }

    @Test
    void stateChangeWithoutSessionIsNotInCapabilities() {
        Outcome outcome = harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(READY)));

        assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(LOGGED_OUT);
    }

    @Test
    void stateChangeOnMultiDevicePlaceAppliesToTheAcdPosition() {
        harness.logIn("agent1", TestDirectory.PLACE_MULTI);

        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(READY)));

        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5202", AGENT_STATE, READY, false, null));
        assertThat(harness.device("5201").agentState()).isEqualTo(LOGGED_OUT);
    }

    @Test
    void afterCallWorkReturnsToReadyWhenTheWrapUpTimeRunsOut() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(WRAP_UP)));
        assertThat(harness.drainRows())
                .containsExactly(new DeviceStateRow(agent1.id(), "5001", AGENT_STATE, AFTER_CALL_WORK, false, null));

        harness.timers().advance(WRAP_UP.minusSeconds(1));
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(AFTER_CALL_WORK);

        harness.timers().advance(Duration.ofSeconds(1));
        DeviceStateChanged event = (DeviceStateChanged) harness.events().poll(Duration.ZERO);
        assertThat(DeviceStateRow.of(event)).isEqualTo(new DeviceStateRow(agent1.id(), "5001", AGENT_STATE, READY, false, null));
        assertThat(event.at()).isEqualTo(SwitchHarness.START.plus(WRAP_UP));
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(READY);
        assertThat(harness.device("5001").agentStateSince()).isEqualTo(SwitchHarness.START.plus(WRAP_UP));
        assertThat(harness.timers().pending()).isZero();
    }

    @Test
    void stateChangeBeforeTheWrapUpTimeRunsOutCancelsTheTimer() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(WRAP_UP)));
        harness.timers().advance(Duration.ofSeconds(10));

        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(NOT_READY)));
        harness.events().drain();
        assertThat(harness.timers().pending()).isZero();

        harness.timers().advance(WRAP_UP.multipliedBy(2));
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(NOT_READY);
    }

    @Test
    void afterCallWorkAgainRestartsTheWrapUpTime() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(WRAP_UP)));
        harness.timers().advance(Duration.ofSeconds(10));
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(WRAP_UP)));
        harness.events().drain();

        harness.timers().advance(WRAP_UP.minusSeconds(1));
        harness.events().assertNoMore();
        assertThat(harness.timers().pending()).isEqualTo(1);

        harness.timers().advance(Duration.ofSeconds(1));
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", AGENT_STATE, READY, false, null));
    }

    @Test
    void afterCallWorkWithoutOrWithZeroWrapUpTimeStaysUntilChanged() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(Duration.ZERO)));
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(null)));
        harness.events().drain();

        assertThat(harness.timers().pending()).isZero();
        harness.timers().advance(Duration.ofHours(1));
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(AFTER_CALL_WORK);
    }

    @Test
    void endSessionCancelsTheWrapUpTimer() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1, afterCallWork(WRAP_UP)));
        harness.events().drain();

        harness.await(voiceSwitch.endSession(agent1));
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", LOGOUT, LOGGED_OUT, false, null));
        assertThat(harness.timers().pending()).isZero();

        harness.timers().advance(WRAP_UP.multipliedBy(2));
        harness.events().assertNoMore();
        assertThat(harness.device("5001").agentState()).isEqualTo(LOGGED_OUT);
    }

    private static AgentStateRequest afterCallWork(Duration wrapUp) {
        return new AgentStateRequest(AFTER_CALL_WORK, null, wrapUp);
    }
}
