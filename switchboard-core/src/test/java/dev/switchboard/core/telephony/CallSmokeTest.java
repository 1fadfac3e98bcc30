package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.view.CallSnapshot;

class CallSmokeTest {

    @Test
    void inboundAcdCallIsOfferedAnsweredAndReleased() {
        try (SwitchHarness harness = new SwitchHarness()) {
            harness.logIn("agent1", "Place5001");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            harness.events().drain();

            Outcome placed = harness.await(harness.voiceSwitch().customerCall("5551001", "7000", Map.of("account", "42")));
            String callId = ((Outcome.Accepted) placed).id();
            List<String> rows = calls(harness.events().drain());
            assertThat(rows).containsExactly("5001 StatusChange Ringing Inbound [5551001]");

            harness.await(harness.voiceSwitch().callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));
            assertThat(calls(harness.events().drain())).containsExactly("5001 StatusChange Established Inbound [5551001]");
            CallSnapshot snapshot = harness.voiceSwitch().call(callId).orElseThrow();
            assertThat(snapshot.party("5001").orElseThrow().hears()).containsExactly("5551001");
            assertThat(snapshot.party("5551001").orElseThrow().hears()).containsExactly("5001");

            harness.await(harness.voiceSwitch().customerHangup(callId, "5551001"));
            assertThat(calls(harness.events().drain())).containsExactly("5001 StatusChange Released Inbound []");
            assertThat(harness.voiceSwitch().callsOf(harness.user("agent1"))).isEmpty();
        }
    }

    @Test
    void ringNoAnswerReturnsTheCallToTheQueueAndTheAgentGoesNotReady() {
        try (SwitchHarness harness = new SwitchHarness()) {
            harness.logIn("agent1", "Place5001");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            String callId = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall("5551001", "7000", Map.of()))).id();
            harness.events().drain();

            harness.timers().advance(Duration.ofSeconds(15));
            List<SwitchEvent> events = harness.events().drain();
            assertThat(calls(events)).containsExactly("5001 StatusChange Released Inbound [5551001]");
            assertThat(harness.device("5001").agentState()).isEqualTo(AgentState.NOT_READY);
            assertThat(harness.voiceSwitch().call(callId).orElseThrow().waitingAt()).isEqualTo("8000");
        }
    }

    private static List<String> calls(List<SwitchEvent> events) {
        return events.stream().filter(CallStateChanged.class::isInstance).map(CallStateChanged.class::cast)
                .map(e -> e.call().phoneNumber() + " " + e.notification().wireName() + " " + e.call().state().wireName() + " "
                        + e.call().callType().wireName() + " " + e.call().participants())
                .toList();
    }
}
