package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/** A monitored place used by an agent the supervisor does not supervise: that agent's calls are not monitored. */
class SupervisionOutsiderTest {

    @Test
    void anAgentOutsideTheSupervisorsGroupsOnTheMonitoredDeviceIsNotMonitored() {
        try (SwitchHarness harness = new SwitchHarness(TestDirectory.buildWithSupport(EnvironmentType.SIP_SERVER,
                MonitoringSettings.DEFAULTS))) {
            harness.logIn("supervisor1", "Place5005");
            Outcome monitoring = harness.await(harness.voiceSwitch().monitor(harness.user("supervisor1"), harness.deviceId("5005"),
                    new MonitoringRequest(MonitoringType.BARGE_IN, MonitoringScope.CALL, MonitoringMode.ALL_CALLS, "5001")));
            assertThat(monitoring.isAccepted()).isTrue();
            // agent5 (Support, not supervised by supervisor1) sits down at Place5001.
            harness.logIn("agent5", "Place5001");
            harness.await(harness.contactCenter().changeAgentState(harness.user("agent5"), AgentStateRequest.of(AgentState.READY)));
            harness.drainEventRows();

            String callId = ((Outcome.Accepted) harness.await(harness.voiceSwitch().customerCall("5551001", "5001", Map.of()))).id();
            harness.await(harness.voiceSwitch().callOperation(harness.user("agent5"), callId, CallRequest.of(CallOperation.ANSWER)));

            assertThat(harness.drainEventRows()).noneMatch(row -> row.startsWith("5005"));
            assertThat(harness.voiceSwitch().call(callId).orElseThrow().party("5005")).isEmpty();
            assertThat(harness.device("5005").monitoring()).isNotNull();
        }
    }
}
