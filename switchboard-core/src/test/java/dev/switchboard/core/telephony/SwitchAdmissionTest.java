package dev.switchboard.core.telephony;

import static dev.switchboard.core.agent.AgentState.LOGGED_OUT;
import static dev.switchboard.core.agent.AgentState.NOT_READY;
import static dev.switchboard.core.testing.OutcomeAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.testing.DeviceStateRow;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.view.DeviceView;

/** The switch refuses new commands while its event sink has no room, and changes nothing. */
class SwitchAdmissionTest {
    private final SwitchHarness harness = new SwitchHarness();
    private final Switch voiceSwitch = harness.voiceSwitch();
    private final User agent1 = harness.user("agent1");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void startSessionIsUnavailableWhileTheSinkHasNoRoom() {
        harness.events().setHasRoom(false);

        assertRefused(harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001"))), Refusal.UNAVAILABLE);
        harness.events().assertNoMore();
        assertThat(voiceSwitch.sessionPlace(agent1.id())).isEmpty();
        assertThat(harness.device("5001").userId()).isNull();
        assertThat(harness.device("5001").agentState()).isEqualTo(LOGGED_OUT);

        harness.events().setHasRoom(true);
        assertThat(harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")))).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows())
                .containsExactly(new DeviceStateRow(agent1.id(), "5001", DeviceChange.LOGIN, NOT_READY, false, null));
    }

    @Test
    void everyCommandOfASessionIsUnavailableWhileTheSinkHasNoRoom() {
        harness.logIn("agent1", "Place5001");
        DeviceView before = harness.device("5001");
        harness.events().setHasRoom(false);

        assertRefused(harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY))), Refusal.UNAVAILABLE);
        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, before.id(), true)), Refusal.UNAVAILABLE);
        assertRefused(harness.await(voiceSwitch.setForwarding(agent1, before.id(), "5002")), Refusal.UNAVAILABLE);
        assertRefused(harness.await(voiceSwitch.endSession(agent1)), Refusal.UNAVAILABLE);

        harness.events().assertNoMore();
        assertThat(harness.device("5001")).isEqualTo(before);
        assertThat(voiceSwitch.sessionPlace(agent1.id())).contains("Place5001");
    }

    @Test
    void wrapUpTimerStillFiresWhileTheSinkHasNoRoom() {
        // Timers are not new commands: they finish work already admitted, within the sink's headroom.
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.changeAgentState(agent1,
                new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, Duration.ofSeconds(10))));
        harness.events().drain();
        harness.events().setHasRoom(false);

        harness.timers().advance(Duration.ofSeconds(10));

        assertThat(harness.drainRows()).containsExactly(
                new DeviceStateRow(agent1.id(), "5001", DeviceChange.AGENT_STATE, AgentState.READY, false, null));
    }
}
