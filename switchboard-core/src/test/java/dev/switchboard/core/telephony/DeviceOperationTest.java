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

/** Device capabilities as a pure function of the device's state. */
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
                .containsExactly("DoNotDisturbOn", "DoNotDisturbOff", "ForwardCallsOn", "ForwardCallsOff");
    }
}
