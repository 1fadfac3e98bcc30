package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/** Device capabilities as a pure function of the device's state and the user. */
class DeviceOperationTest {
    private static final Directory DIRECTORY = TestDirectory.build();
    private static final User AGENT1 = DIRECTORY.userByName("agent1").orElseThrow();
    private static final Dn DN_5001 = DIRECTORY.dnByNumber(TestDirectory.ENVIRONMENT, "5001").orElseThrow();

    @ParameterizedTest(name = "dnd={0}, forwardTo={1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "false, none, ForwardCallsOn  DoNotDisturbOn",
        "true,  none, ForwardCallsOn  DoNotDisturbOff",
        "false, 5002, ForwardCallsOff DoNotDisturbOn",
        "true,  5002, ForwardCallsOff DoNotDisturbOff",
    })
    void capabilitiesFollowDoNotDisturbAndForwarding(boolean doNotDisturb, String forwardTo, String expected) {
        DeviceView device = new DeviceView(DN_5001, AGENT1.id(), AgentState.NOT_READY, null, doNotDisturb, forwardTo,
                SwitchHarness.START);

        List<DeviceOperation> capabilities = DeviceOperation.capabilitiesOf(device, AGENT1);

        assertThat(capabilities).extracting(DeviceOperation::wireName).containsExactlyElementsOf(Arrays.asList(expected.split("\\s+")));
    }

    @ParameterizedTest
    @EnumSource(AgentState.class)
    void capabilitiesDoNotDependOnTheAgentState(AgentState state) {
        ReadyWorkMode workMode = state == AgentState.READY ? ReadyWorkMode.AUTO_IN : null;
        DeviceView device = new DeviceView(DN_5001, null, state, workMode, false, null, SwitchHarness.START);

        assertThat(DeviceOperation.capabilitiesOf(device, AGENT1))
                .containsExactly(DeviceOperation.FORWARD_CALLS_ON, DeviceOperation.DO_NOT_DISTURB_ON);
    }

    @Test
    void wireNamesAreTheGwsOperationNames() {
        assertThat(DeviceOperation.values()).extracting(DeviceOperation::wireName)
                .containsExactly("DoNotDisturbOn", "DoNotDisturbOff", "ForwardCallsOn", "ForwardCallsOff", "ListenIn", "Coach",
                        "BargeIn", "CancelSupervisorMonitoring");
        for (DeviceOperation operation : DeviceOperation.values()) {
            assertThat(DeviceOperation.fromWireName(operation.wireName())).isSameAs(operation);
        }
        assertThat(DeviceOperation.fromWireName("listenIn")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "logged in, not monitoring           | true  | none       | none    | ForwardCallsOn DoNotDisturbOn ListenIn Coach BargeIn",
        "logged in, monitoring               | true  | monitoring | none    | ForwardCallsOn DoNotDisturbOn ListenIn Coach BargeIn"
            + " CancelSupervisorMonitoring",
        "no session                          | false | none       | none    | ForwardCallsOn DoNotDisturbOn",
        "monitored by another supervisor     | true  | none       | another | ForwardCallsOn DoNotDisturbOn",
        "monitoring and monitored by another | true  | monitoring | another | ForwardCallsOn DoNotDisturbOn CancelSupervisorMonitoring",
    })
    void supervisorsAreOfferedMonitoring(String situation, boolean loggedIn, String monitoring, String monitoredBy, String expected) {
        User supervisor = DIRECTORY.userByName("supervisor1").orElseThrow();
        Dn dn = DIRECTORY.dnByNumber(TestDirectory.ENVIRONMENT, "5005").orElseThrow();
        MonitoringView view = monitoring == null ? null : new MonitoringView(MonitoringType.LISTEN_IN, MonitoringMode.ALL_CALLS,
                MonitoringScope.CALL, DN_5001.id(), "5001", TestDirectory.ENVIRONMENT, supervisor.id(), SwitchHarness.START);
        DeviceView device = new DeviceView(dn, loggedIn ? supervisor.id() : null, AgentState.NOT_READY, null, false, null,
                SwitchHarness.START, view, monitoredBy == null ? null : "0123456789abcdef0123456789abcdef");

        assertThat(DeviceOperation.capabilitiesOf(device, supervisor)).as(situation).extracting(DeviceOperation::wireName)
                .containsExactlyElementsOf(Arrays.asList(expected.split("\\s+")));
    }

    @Test
    void agentsAndSupervisorsWithoutTheFeatureAreNotOfferedMonitoring() {
        User supervisorWithoutFeature = new User("fedcba9876543210fedcba9876543210", "supervisor9", null, null, null,
                java.util.Set.of(dev.switchboard.core.directory.Role.SUPERVISOR, dev.switchboard.core.directory.Role.AGENT),
                java.util.Set.of(dev.switchboard.core.directory.Feature.VOICE), null);
        DeviceView own = new DeviceView(DN_5001, supervisorWithoutFeature.id(), AgentState.NOT_READY, null, false, null,
                SwitchHarness.START);
        DeviceView agents = new DeviceView(DN_5001, AGENT1.id(), AgentState.NOT_READY, null, false, null, SwitchHarness.START);

        assertThat(DeviceOperation.capabilitiesOf(own, supervisorWithoutFeature))
                .containsExactly(DeviceOperation.FORWARD_CALLS_ON, DeviceOperation.DO_NOT_DISTURB_ON);
        assertThat(DeviceOperation.capabilitiesOf(agents, AGENT1))
                .containsExactly(DeviceOperation.FORWARD_CALLS_ON, DeviceOperation.DO_NOT_DISTURB_ON);
    }
}
