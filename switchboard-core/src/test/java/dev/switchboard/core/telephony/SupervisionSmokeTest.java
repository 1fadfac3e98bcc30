package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

class SupervisionSmokeTest {

    @Test
    void listenInJoinsTheNextCallSwitchesToBargeInAndEndsWithTheCall() {
        try (SwitchHarness harness = new SwitchHarness()) {
            harness.logIn("agent1", "Place5001");
            harness.logIn("supervisor1", "Place5005");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent1"), AgentStateRequest.of(AgentState.READY)));
            harness.drainEventRows();

            Outcome monitoring = harness.await(harness.voiceSwitch().monitor(harness.user("supervisor1"), harness.deviceId("5005"),
                    new MonitoringRequest(MonitoringType.LISTEN_IN, MonitoringScope.CALL, MonitoringMode.NEXT_CALL, "5001")));
            assertThat(monitoring.isAccepted()).isTrue();
            assertThat(harness.drainEventRows()).containsExactly("5005 MONITORING NOT_READY");
            assertThat(harness.device("5005").monitoring().type()).isEqualTo(MonitoringType.LISTEN_IN);

            String callId = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall("5551001", "7000", Map.of()))).id();
            harness.drainEventRows();
            harness.await(harness.voiceSwitch().callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));
            assertThat(harness.drainEventRows()).containsExactly(
                    "5001 StatusChange Established Inbound [5551001]",
                    "5005 StatusChange Established Inbound [5551001, 5001] muted");
            CallSnapshot call = harness.voiceSwitch().call(callId).orElseThrow();
            assertThat(call.party("5005").orElseThrow().hears()).containsExactlyInAnyOrder("5551001", "5001");
            assertThat(call.party("5001").orElseThrow().hears()).containsExactly("5551001");
            assertThat(call.party("5551001").orElseThrow().hears()).containsExactly("5001");
            CallView agentView = harness.voiceSwitch().callsOf(harness.user("agent1")).get(0);
            assertThat(agentView.supervisorListeningIn()).isTrue();
            CallView supervisorView = harness.voiceSwitch().callsOf(harness.user("supervisor1")).get(0);
            assertThat(supervisorView.monitoring()).isEqualTo(MonitoringType.LISTEN_IN);
            assertThat(supervisorView.muted()).isTrue();
            assertThat(CallOperation.capabilitiesOf(supervisorView, harness.user("supervisor1")))
                    .contains(CallOperation.HANGUP, CallOperation.SWITCH_TO_BARGE_IN, CallOperation.MUTE_MONITORED_USER)
                    .doesNotContain(CallOperation.SWITCH_TO_LISTEN_IN, CallOperation.HOLD);

            harness.await(harness.voiceSwitch().callOperation(harness.user("supervisor1"), callId,
                    CallRequest.of(CallOperation.SWITCH_TO_BARGE_IN)));
            assertThat(harness.drainEventRows()).containsExactly(
                    "5001 StatusChange Established Inbound [5551001, 5005]",
                    "5005 StatusChange Established Inbound [5551001, 5001]");
            call = harness.voiceSwitch().call(callId).orElseThrow();
            assertThat(call.party("5551001").orElseThrow().hears()).containsExactlyInAnyOrder("5001", "5005");

            // Barged in, the supervisor is a participant: the monitored call's conference owner may not exist here,
            // but the supervisor may remove the customer, and is listed for everyone.
            assertThat(harness.voiceSwitch().callsOf(harness.user("agent1")).get(0).participants()).contains("5005");
            harness.await(harness.voiceSwitch().customerHangup(callId, "5551001"));
            assertThat(harness.drainEventRows()).containsExactly(
                    "5001 StatusChange Released Inbound []",
                    "5005 StatusChange Released Inbound []",
                    "5005 MONITORING NOT_READY");
            assertThat(harness.device("5005").monitoring()).isNull();
            assertThat(harness.device("5001").monitoredBy()).isNull();
        }
    }
}
