package dev.switchboard.core.telephony;

import static dev.switchboard.core.agent.AgentState.LOGGED_OUT;
import static dev.switchboard.core.agent.AgentState.NOT_READY;
import static dev.switchboard.core.event.DeviceChange.DO_NOT_DISTURB;
import static dev.switchboard.core.event.DeviceChange.FORWARDING;
import static dev.switchboard.core.testing.OutcomeAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.testing.DeviceStateRow;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;

/** Do-not-disturb and call forwarding: who may set them on which device, and the events. */
class SwitchDeviceFeaturesTest {
    private final SwitchHarness harness = new SwitchHarness();
    private final Switch voiceSwitch = harness.voiceSwitch();
    private final User agent1 = harness.user("agent1");
    private final User agent2 = harness.user("agent2");
    private final String device5001 = harness.deviceId("5001");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void doNotDisturbOnThenOff() {
        harness.logIn("agent1", "Place5001");

        assertThat(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true))).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", DO_NOT_DISTURB, NOT_READY, true, null));
        assertThat(harness.device("5001").doNotDisturb()).isTrue();

        assertThat(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, false))).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows())
                .containsExactly(new DeviceStateRow(agent1.id(), "5001", DO_NOT_DISTURB, NOT_READY, false, null));
        assertThat(harness.device("5001").doNotDisturb()).isFalse();
    }

    @Test
    void doNotDisturbOnWhenAlreadyOnIsNotInCapabilities() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true));
        harness.events().drain();

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true)), Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
        assertThat(harness.device("5001").doNotDisturb()).isTrue();
    }

    @Test
    void doNotDisturbOffWhenOffIsNotInCapabilities() {
        harness.logIn("agent1", "Place5001");

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, false)), Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
    }

    @Test
    void forwardingOnThenOff() {
        harness.logIn("agent1", "Place5001");

        assertThat(harness.await(voiceSwitch.setForwarding(agent1, device5001, "5002"))).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", FORWARDING, NOT_READY, false, "5002"));
        assertThat(harness.device("5001").isForwarding()).isTrue();

        assertThat(harness.await(voiceSwitch.setForwarding(agent1, device5001, null))).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", FORWARDING, NOT_READY, false, null));
        assertThat(harness.device("5001").isForwarding()).isFalse();
    }

    @Test
    void forwardingToItselfIsInvalid() {
        harness.logIn("agent1", "Place5001");

        assertRefused(harness.await(voiceSwitch.setForwarding(agent1, device5001, "5001")), Refusal.INVALID_PARAMETER);
        harness.events().assertNoMore();
        assertThat(harness.device("5001").forwardTo()).isNull();
    }

    @Test
    void forwardingOnWhenAlreadyOnIsNotInCapabilitiesAndKeepsTheDestination() {
        harness.logIn("agent1", "Place5001");
        harness.await(voiceSwitch.setForwarding(agent1, device5001, "5002"));
        harness.events().drain();

        assertRefused(harness.await(voiceSwitch.setForwarding(agent1, device5001, "5003")), Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
        assertThat(harness.device("5001").forwardTo()).isEqualTo("5002");
    }

    @Test
    void forwardingOffWhenOffIsNotInCapabilities() {
        harness.logIn("agent1", "Place5001");

        assertRefused(harness.await(voiceSwitch.setForwarding(agent1, device5001, null)), Refusal.NOT_IN_CAPABILITIES);
        harness.events().assertNoMore();
    }

    @Test
    void anotherUsersDeviceIsNotFound() {
        harness.logIn("agent1", "Place5001");
        harness.logIn("agent2", "Place5002");

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent2, device5001, true)), Refusal.NOT_FOUND);
        assertRefused(harness.await(voiceSwitch.setForwarding(agent2, device5001, "5003")), Refusal.NOT_FOUND);
        harness.events().assertNoMore();
        assertThat(harness.device("5001").doNotDisturb()).isFalse();
        assertThat(harness.device("5001").forwardTo()).isNull();
    }

    @Test
    void anotherUsersUnassignedDefaultDeviceIsNotFound() {
        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent2, device5001, true)), Refusal.NOT_FOUND);
        harness.events().assertNoMore();
    }

    @Test
    void unknownDeviceAndNonAgentDnAreNotFound() {
        harness.logIn("agent1", "Place5001");

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, "no-such-device", true)), Refusal.NOT_FOUND);
        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, TestDirectory.dnId(TestDirectory.ROUTING_POINT), true)),
                Refusal.NOT_FOUND);
        harness.events().assertNoMore();
    }

    @Test
    void doNotDisturbOnOwnDefaultDeviceBeforeASessionIsForThatUser() {
        Outcome outcome = harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true));

        assertThat(outcome).isEqualTo(Outcome.OK);
        assertThat(harness.drainRows()).containsExactly(new DeviceStateRow(agent1.id(), "5001", DO_NOT_DISTURB, LOGGED_OUT, true, null));
        assertThat(harness.device("5001").userId()).isNull();
        assertThat(harness.device("5001").doNotDisturb()).isTrue();
    }

    @Test
    void defaultDeviceHeldByAnotherUserIsNotFound() {
        harness.logIn("agent2", "Place5001");

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true)), Refusal.NOT_FOUND);
        harness.events().assertNoMore();
    }

    @Test
    void defaultDeviceIsNotOwnWhileInSessionOnAnotherPlace() {
        harness.logIn("agent1", "Place5003");

        assertRefused(harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true)), Refusal.NOT_FOUND);
        harness.events().assertNoMore();
    }

    @Test
    void bothDevicesOfAMultiDevicePlaceAreOwn() {
        harness.logIn("agent1", TestDirectory.PLACE_MULTI);

        harness.await(voiceSwitch.setDoNotDisturb(agent1, harness.deviceId("5201"), true));
        harness.await(voiceSwitch.setForwarding(agent1, harness.deviceId("5202"), "5001"));

        assertThat(harness.drainRows()).containsExactly(
                new DeviceStateRow(agent1.id(), "5201", DO_NOT_DISTURB, LOGGED_OUT, true, null),
                new DeviceStateRow(agent1.id(), "5202", FORWARDING, NOT_READY, false, "5001"));
    }
}
