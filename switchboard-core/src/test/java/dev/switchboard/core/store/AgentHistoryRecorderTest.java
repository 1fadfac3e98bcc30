package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** A store that writes down each {@code appendAll} and refuses the first {@code failing} of them. */
    private static final class AppendsSeen implements AgentHistoryStore {
        private final InMemoryStore rows = new InMemoryStore();
        private final List<List<AgentStateEntry>> appends;
        private final int failing;

        AppendsSeen(List<List<AgentStateEntry>> appends, int failing) {
            this.appends = appends;
            this.failing = failing;
        }

        @Override
        public void append(AgentStateEntry entry) {
            appendAll(List.of(entry));
        }

        @Override
        public void appendAll(List<AgentStateEntry> entries) {
            appends.add(entries);
            if (appends.size() <= failing) {
                throw new IllegalStateException("database down");
            }
            rows.appendAll(entries);
        }

        @Override
        public List<AgentStateEntry> history(String userId, int limit) {
            return rows.history(userId, limit);
        }

        @Override
        public Optional<AgentStateEntry> lastLogin(String userId) {
            return rows.lastLogin(userId);
        }

        @Override
        public List<AgentStateEntry> latestEntries() {
            return rows.latestEntries();
        }
    }

    /** Gives the recorder what the switch published, as one batch. */
    private void record() {
        harness.events().drain().forEach(recorder);
        recorder.batchEnded();
    }

    @Test
    void writesNothingBeforeTheEndOfTheBatchThenItsRowsInOneAppend() {
        List<List<AgentStateEntry>> appends = new ArrayList<>();
        AgentHistoryRecorder counted = new AgentHistoryRecorder(new AppendsSeen(appends, 0));
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY)));
        harness.await(voiceSwitch.setDoNotDisturb(agent1, device5001, true));

        harness.events().drain().forEach(counted);
        assertThat(appends).isEmpty();
        counted.batchEnded();
        counted.batchEnded();

        assertThat(appends).hasSize(1);
        assertThat(appends.get(0)).extracting(AgentStateEntry::state).containsExactly("NOT_READY", "READY");
    }

    @Test
    void aBatchTheStoreRefusedIsNotWrittenAgainWithTheNext() {
        List<List<AgentStateEntry>> appends = new ArrayList<>();
        AgentHistoryRecorder failingOnce = new AgentHistoryRecorder(new AppendsSeen(appends, 1));
        harness.await(voiceSwitch.startSession(agent1, harness.place("Place5001")));
        harness.events().drain().forEach(failingOnce);
        assertThatThrownBy(failingOnce::batchEnded).isInstanceOf(IllegalStateException.class);

        harness.await(voiceSwitch.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY)));
        harness.events().drain().forEach(failingOnce);
        failingOnce.batchEnded();

        assertThat(appends.get(1)).extracting(AgentStateEntry::state).containsExactly("READY");
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

        record();

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

        record();

        assertThat(store.history(agent1.id(), 1))
                .containsExactly(new AgentStateEntry(agent1.id(), device5001, "READY", null, false, START.plusSeconds(20)));
    }

    @Test
    void loginOnMultiDevicePlaceRecordsOnlyTheDeviceLoggedIn() {
        harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_MULTI)));

        record();

        assertThat(store.history(agent1.id(), 10))
                .containsExactly(new AgentStateEntry(agent1.id(), harness.deviceId("5202"), "NOT_READY", null, true, START));
    }

    @Test
    void logoutOnMultiDevicePlaceRecordsOnlyTheDeviceLoggedIn() {
        harness.await(voiceSwitch.startSession(agent1, harness.place(TestDirectory.PLACE_MULTI)));
        harness.await(voiceSwitch.endSession(agent1));

        record();

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

        record();

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

        record();

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
