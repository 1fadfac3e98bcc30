package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.testing.SwitchHarness;

/** An agent who rejects (hangs up) a ringing queue offer sends the caller back to the head of the queue. */
class AcdRejectTest {

    @Test
    void rejectingAnOfferReturnsTheCallerToTheQueueAndTheAgentGoesNotReady() {
        try (SwitchHarness harness = new SwitchHarness()) {
            harness.logIn("agent1", "Place5001");
            harness.logIn("agent2", "Place5002");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            String callId = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall("5551001", "7000", Map.of()))).id();
            harness.drainEventRows();

            harness.await(harness.voiceSwitch().callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.HANGUP)));
            List<String> rows = harness.drainEventRows();
            assertThat(rows).containsExactly("5001 StatusChange Released Inbound [5551001]", "5001 AGENT_STATE NOT_READY");
            assertThat(harness.voiceSwitch().call(callId).orElseThrow().waitingAt()).isEqualTo("8000");

            harness.await(harness.contactCenter().changeAgentState(harness.user("agent2"), AgentStateRequest.of(AgentState.READY)));
            assertThat(harness.drainEventRows()).containsExactly("5002 AGENT_STATE READY", "5002 StatusChange Ringing Inbound [5551001]");
        }
    }

    @Test
    void theRejectOperationIsOfferedOnAQueueOfferOnlyAndSendsTheCallerBack() {
        try (SwitchHarness harness = new SwitchHarness()) {
            harness.logIn("agent1", "Place5001");
            harness.logIn("agent2", "Place5002");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            String callId = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall("5551001", "7000", Map.of()))).id();
            harness.drainEventRows();
            var offer = harness.voiceSwitch().callsOf(harness.user("agent1")).get(0);
            assertThat(offer.queue()).isEqualTo("8000");
            assertThat(offer.ringNoAnswerSeconds()).isEqualTo(15);
            assertThat(CallOperation.capabilitiesOf(offer, harness.user("agent1"))).contains(CallOperation.REJECT)
                    .doesNotContain(CallOperation.CLEAR_CALL);

            harness.await(harness.voiceSwitch().callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.REJECT)));
            assertThat(harness.drainEventRows()).containsExactly("5001 StatusChange Released Inbound [5551001]",
                    "5001 AGENT_STATE NOT_READY");
            assertThat(harness.voiceSwitch().call(callId).orElseThrow().waitingAt()).isEqualTo("8000");

            // A direct call cannot be rejected (GWS: "you can't reject direct calls").
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            String direct = ((Outcome.Accepted) harness.await(harness.voiceSwitch().dial(harness.user("agent2"),
                    harness.deviceId("5002"), "5001", Map.of()))).id();
            Outcome refused = harness.await(harness.voiceSwitch().callOperation(harness.user("agent1"), direct,
                    CallRequest.of(CallOperation.REJECT)));
            assertThat(refused).isInstanceOf(Outcome.Refused.class);
            assertThat(((Outcome.Refused) refused).reason()).isEqualTo(Outcome.Refusal.NOT_IN_CAPABILITIES);
        }
    }

}
