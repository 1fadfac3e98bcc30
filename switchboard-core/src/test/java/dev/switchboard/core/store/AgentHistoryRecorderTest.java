package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.EventHandOff;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;

/** The agent-state history written from the switch's events into the in-memory store. */
class AgentHistoryRecorderTest {
    private static final Instant START = SwitchHarness.START;

    private final InMemoryStore store = new InMemoryStore();
    private final AgentHistoryRecorder recorder = new AgentHistoryRecorder(store);
    private final SwitchHarness harness = new SwitchHarness();
    private final Switch voiceSwitch = harness.voiceSwitch();
    private final User agent1 = harness.user("agent1");
    private final String device5001 = harness.deviceId("5001");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void recordsLoginStateChangesAndLogoutButNotDoNotDisturbOrForwarding() {
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.timers().advance(Duration.ofSeconds(5));
        harness.await(voiceSwitch.changeAgentState(agent1, new AgentStateRequest(AgentState.READY, ReadyWorkMode.AUTO_IN, null)));
        harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true));
        harness.await(voiceSwitch.setForwarding(agent1, device5001, "5002"));
        harness.timers().advance(Duration.ofSeconds(5));
        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AgentState.AUX_WORK)));
        harness.timers().advance(Duration.ofSeconds(5));
        harness.await(voiceSwitch.endSession(agent1));

        harness.events().drain().forEach(recorder);

        assertThat(store.history(agent1.id(), 10)).containsExactly(
                new AgentStateEntry(agent1.id(), device5001, "LOGGED_OUT", null, false, START.plusSeconds(15)),
                new AgentStateEntry(agent1.id(), device5001, "AUX_WORK", null, false, START.plusSeconds(10)),
                new AgentStateEntry(agent1.id(), device5001, "READY", "AutoIn", false, START.plusSeconds(5)),
                new AgentStateEntry(agent1.id(), device5001, "NOT_READY", null, true, START));
        assertThat(store.lastLogin(agent1.id()))
                .contains(new AgentStateEntry(agent1.id(), device5001, "NOT_READY", null, true, START));
    }

    @Test
    void recordsTheReadyOfAnElapsedWrapUp() {
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.await(voiceSwitch.changeAgentState(agent1,
                new AgentStateRequest(AgentState.AFTER_CALL_WORK, null, Duration.ofSeconds(20))));
        harness.timers().advance(Duration.ofSeconds(20));

        harness.events().drain().forEach(recorder);

        assertThat(store.history(agent1.id(), 1))
                .containsExactly(new AgentStateEntry(agent1.id(), device5001, "READY", null, false, START.plusSeconds(20)));
    }

    @Test
    void loginOnMultiDevicePlaceRecordsOnlyTheDeviceLoggedIn() {
        harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_MULTI)));

        harness.events().drain().forEach(recorder);

        assertThat(store.history(agent1.id(), 10))
                .containsExactly(new AgentStateEntry(agent1.id(), harness.deviceId("5202"), "NOT_READY", null, true, START));
    }

    @Test
    void logoutOnMultiDevicePlaceRecordsOnlyTheDeviceLoggedIn() {
        harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_MULTI)));
        harness.await(voiceSwitch.endSession(agent1));

        harness.events().drain().forEach(recorder);

        assertThat(store.history(agent1.id(), 10)).extracting(AgentStateEntry::deviceId, AgentStateEntry::state)
                .containsExactly(
                        tuple(harness.deviceId("5202"), "LOGGED_OUT"),
                        tuple(harness.deviceId("5202"), "NOT_READY"));
    }

    @Test
    void lastLoginIsTheNewestLoginAndHistoryIsNewestFirstUpToTheLimit() {
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.await(voiceSwitch.endSession(agent1));
        harness.timers().advance(Duration.ofMinutes(1));
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5003")));

        harness.events().drain().forEach(recorder);

        String device5003 = harness.deviceId("5003");
        assertThat(store.lastLogin(agent1.id()))
                .contains(new AgentStateEntry(agent1.id(), device5003, "NOT_READY", null, true, START.plusSeconds(60)));
        assertThat(store.history(agent1.id(), 2)).extracting(AgentStateEntry::state).containsExactly("NOT_READY", "LOGGED_OUT");
        assertThat(store.history(agent1.id(), 10)).hasSize(3);
    }

    @Test
    void historyIsPerUser() {
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.await(voiceSwitch.startSession(harness.user("agent2"), harness.place("Place5002")));

        harness.events().drain().forEach(recorder);

        String agent2 = TestDirectory.userId("agent2");
        assertThat(store.history(agent2, 10)).extracting(AgentStateEntry::deviceId).containsExactly(harness.deviceId("5002"));
        assertThat(store.lastLogin(TestDirectory.userId("agent3"))).isEmpty();
        assertThat(store.history(TestDirectory.userId("agent3"), 10)).isEmpty();
    }

    @Test
    void recordsThroughItsOwnEventHandOff() {
        EventHandOff handOff = new EventHandOff("history", 2 * EventHandOff.HEADROOM, harness.timers().clock(), recorder);
        try (SwitchHarness withHistory = new SwitchHarness(TestDirectory.build(), handOff)) {
            User agent = withHistory.user("agent1");
            withHistory.await(withHistory.voiceSwitch().startSession(agent, withHistory.place("Place5001")));
            withHistory.await(withHistory.voiceSwitch().changeAgentState(agent, AgentStateRequest.of(AgentState.READY)));

            await().atMost(SwitchHarness.TIMEOUT).until(() -> store.history(agent.id(), 10).size() == 2);
            assertThat(store.history(agent.id(), 10)).extracting(AgentStateEntry::state).containsExactly("READY", "NOT_READY");
        } finally {
            handOff.close();
        }
    }
}
