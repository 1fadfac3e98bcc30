package dev.switchboard.core;

import static dev.switchboard.core.testing.OutcomeAssertions.assertAccepted;
import static dev.switchboard.core.testing.OutcomeAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.telephony.SessionRegistry;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.testing.RecordingEventSink;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.time.ManualTimers;
import dev.switchboard.core.view.DeviceView;

/** Routing of user commands to switches, and the one-session-per-user claim. */
class ContactCenterTest {
    private static final int THREADS = 16;

    private final SwitchHarness harness = new SwitchHarness();
    private final ContactCenter contactCenter = harness.contactCenter();
    private final User agent1 = harness.user("agent1");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void startSessionRunsOnTheSwitchOfThePlace() {
        assertAccepted(harness.await(contactCenter.startSession(agent1, harness.place("Place5001"))));

        assertThat(contactCenter.sessionPlace(agent1)).contains("Place5001");
        assertThat(harness.voiceSwitch().sessionPlace(agent1.id())).contains("Place5001");
        assertThat(contactCenter.device(harness.deviceId("5001"))).map(DeviceView::userId).contains(agent1.id());
        assertThat(contactCenter.devicesOf(agent1)).extracting(DeviceView::number).containsExactly("5001");
        assertThat(contactCenter.switchNamed(TestDirectory.ENVIRONMENT)).contains(harness.voiceSwitch());
        assertThat(contactCenter.switches()).containsExactly(harness.voiceSwitch());
    }

    @Test
    void refusedStartReleasesTheClaim() {
        assertRefused(harness.await(contactCenter.startSession(agent1, harness.place(TestDirectory.PLACE_AMBIGUOUS))),
                Refusal.INVALID_PARAMETER);
        assertThat(contactCenter.sessionPlace(agent1)).isEmpty();
        assertRefused(harness.await(contactCenter.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY))),
                Refusal.NOT_IN_CAPABILITIES);

        assertAccepted(harness.await(contactCenter.startSession(agent1, harness.place("Place5002"))));
        assertThat(contactCenter.sessionPlace(agent1)).contains("Place5002");
    }

    @Test
    void endSessionReleasesTheClaim() {
        harness.await(contactCenter.startSession(agent1, harness.place("Place5001")));

        assertAccepted(harness.await(contactCenter.endSession(agent1)));

        assertThat(contactCenter.sessionPlace(agent1)).isEmpty();
        assertRefused(harness.await(contactCenter.endSession(agent1)), Refusal.NOT_IN_CAPABILITIES);
        assertAccepted(harness.await(contactCenter.startSession(agent1, harness.place("Place5002"))));
    }

    @Test
    void commandsWithoutSessionAreNotInCapabilitiesAndChangeNothing() {
        assertRefused(harness.await(contactCenter.endSession(agent1)), Refusal.NOT_IN_CAPABILITIES);
        assertRefused(harness.await(contactCenter.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY))),
                Refusal.NOT_IN_CAPABILITIES);

        harness.events().assertNoMore();
    }

    @Test
    void agentStateAndDeviceCommandsReachTheSwitch() {
        harness.await(contactCenter.startSession(agent1, harness.place("Place5001")));
        String device5001 = harness.deviceId("5001");

        assertAccepted(harness.await(contactCenter.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY))));
        assertAccepted(harness.await(contactCenter.setDoNotDisturb(agent1, device5001, true)));
        assertAccepted(harness.await(contactCenter.setForwarding(agent1, device5001, "5004")));
        assertAccepted(harness.await(contactCenter.setForwarding(agent1, device5001, null)));

        assertThat(harness.events().events()).extracting(event -> ((DeviceStateChanged) event).change()).containsExactly(
                DeviceChange.LOGIN, DeviceChange.AGENT_STATE, DeviceChange.DO_NOT_DISTURB, DeviceChange.FORWARDING,
                DeviceChange.FORWARDING);
        DeviceView device = harness.device("5001");
        assertThat(device.agentState()).isEqualTo(AgentState.READY);
        assertThat(device.doNotDisturb()).isTrue();
        assertThat(device.forwardTo()).isNull();
    }

    @Test
    void deviceCommandsOnUnknownDevicesAreNotFound() {
        assertRefused(harness.await(contactCenter.setDoNotDisturb(agent1, "no-such-device", true)), Refusal.NOT_FOUND);
        assertRefused(harness.await(contactCenter.setForwarding(agent1, "no-such-device", "5002")), Refusal.NOT_FOUND);
        assertThat(contactCenter.device("no-such-device")).isEmpty();
        harness.events().assertNoMore();
    }

    @Test
    void concurrentStartsOfOneUserOnTwoPlacesHaveExactlyOneWinner() throws Exception {
        Place place1 = harness.place("Place5001");
        Place place2 = harness.place("Place5002");
        List<Place> asked = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            asked.add(i % 2 == 0 ? place1 : place2);
        }

        List<Outcome> outcomes = startConcurrently(asked.stream().map(place -> new Start(agent1, place)).toList());

        Map<String, List<Outcome>> byPlace = new LinkedHashMap<>();
        for (int i = 0; i < THREADS; i++) {
            byPlace.computeIfAbsent(asked.get(i).name(), name -> new ArrayList<>()).add(outcomes.get(i));
        }
        String winner = harness.voiceSwitch().sessionPlace(agent1.id()).orElseThrow();
        String loser = winner.equals(place1.name()) ? place2.name() : place1.name();
        assertThat(byPlace.get(winner)).allMatch(Outcome::isAccepted);
        assertThat(byPlace.get(loser)).allSatisfy(outcome -> assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES));
        assertThat(harness.drainRows()).singleElement()
                .satisfies(row -> assertThat(row.number()).isEqualTo(winner.equals(place1.name()) ? "5001" : "5002"));
        assertThat(harness.device(loser.equals(place1.name()) ? "5001" : "5002").userId()).isNull();
    }

    @Test
    void concurrentStartsOfManyUsersOnOnePlaceHaveExactlyOneWinnerAndLosersKeepNoClaim() throws Exception {
        Place contested = harness.place("Place5005");
        List<User> users = List.of(agent1, harness.user("agent2"), harness.user("agent3"), harness.user("agent4"));

        List<Outcome> outcomes = startConcurrently(users.stream().map(user -> new Start(user, contested)).toList());

        assertThat(outcomes).filteredOn(Outcome::isAccepted).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.isAccepted())
                .hasSize(users.size() - 1)
                .allSatisfy(outcome -> assertRefused(outcome, Refusal.IN_USE));
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (outcomes.get(i).isAccepted()) {
                assertThat(harness.device("5005").userId()).isEqualTo(user.id());
            } else {
                assertThat(contactCenter.sessionPlace(user)).isEmpty();
                assertAccepted(harness.await(contactCenter.startSession(user, harness.place(user.defaultPlace()))));
            }
        }
    }

    @Test
    void aSessionOnOneSwitchBlocksStartingOneOnAnother() {
        try (TwoSwitches two = new TwoSwitches()) {
            User agent = two.directory.userByName("agent1").orElseThrow();
            Place west = two.directory.placeByName("PlaceWest").orElseThrow();
            two.await(two.contactCenter.startSession(agent, two.directory.placeByName("Place5001").orElseThrow()));

            Outcome outcome = two.await(two.contactCenter.startSession(agent, west));

            assertRefused(outcome, Refusal.NOT_IN_CAPABILITIES);
            assertThat(((Outcome.Refused) outcome).message()).contains("Place5001");
            assertThat(two.west.sessionPlace(agent.id())).isEmpty();
            assertThat(two.contactCenter.sessionPlace(agent)).contains("Place5001");
        }
    }

    @Test
    void aRefusedStartOnOneSwitchDoesNotBlockStartingOnAnother() {
        try (TwoSwitches two = new TwoSwitches()) {
            User agent = two.directory.userByName("agent1").orElseThrow();
            assertRefused(two.await(two.contactCenter.startSession(agent,
                    two.directory.placeByName(TestDirectory.PLACE_AMBIGUOUS).orElseThrow())), Refusal.INVALID_PARAMETER);

            assertAccepted(two.await(two.contactCenter.startSession(agent, two.directory.placeByName("PlaceWest").orElseThrow())));
            assertThat(two.contactCenter.sessionPlace(agent)).contains("PlaceWest");
        }
    }

    @Test
    void anEndedSessionOnOneSwitchDoesNotBlockStartingOnAnother() {
        try (TwoSwitches two = new TwoSwitches()) {
            User agent = two.directory.userByName("agent1").orElseThrow();
            two.await(two.contactCenter.startSession(agent, two.directory.placeByName("Place5001").orElseThrow()));
            assertAccepted(two.await(two.contactCenter.endSession(agent)));

            assertAccepted(two.await(two.contactCenter.startSession(agent, two.directory.placeByName("PlaceWest").orElseThrow())));
            assertThat(two.west.sessionPlace(agent.id())).contains("PlaceWest");
            assertThat(two.demo.sessionPlace(agent.id())).isEmpty();
        }
    }

    @Test
    void claimSurvivesARefusedStartQueuedBeforeASuccessfulOne() {
        harness.logIn("agent2", "Place5002");
        Runnable resume = harness.pauseSwitch();
        // The first start takes the claim; the second finds it (same switch) and goes ahead. The first is refused.
        CompletableFuture<Outcome> refused = contactCenter.startSession(agent1, harness.place("Place5002"));
        CompletableFuture<Outcome> accepted = contactCenter.startSession(agent1, harness.place("Place5001"));
        resume.run();

        assertRefused(harness.await(refused), Refusal.IN_USE);
        assertAccepted(harness.await(accepted));
        assertThat(harness.voiceSwitch().sessionPlace(agent1.id())).contains("Place5001");
        assertThat(contactCenter.sessionPlace(agent1)).contains("Place5001");
        assertAccepted(harness.await(contactCenter.changeAgentState(agent1, AgentStateRequest.of(AgentState.READY))));
        assertAccepted(harness.await(contactCenter.endSession(agent1)));
    }

    @Test
    void claimSurvivesAnEndFollowedByAQueuedStart() {
        harness.await(contactCenter.startSession(agent1, harness.place("Place5001")));
        Runnable resume = harness.pauseSwitch();
        CompletableFuture<Outcome> ended = contactCenter.endSession(agent1);
        CompletableFuture<Outcome> restarted = contactCenter.startSession(agent1, harness.place("Place5002"));
        resume.run();

        assertAccepted(harness.await(ended));
        assertAccepted(harness.await(restarted));
        assertThat(harness.voiceSwitch().sessionPlace(agent1.id())).contains("Place5002");
        assertThat(contactCenter.sessionPlace(agent1)).contains("Place5002");
        assertAccepted(harness.await(contactCenter.endSession(agent1)));
    }

    @Test
    void withASessionOnAnotherSwitchTheDefaultPlaceIsNotTheUsers() {
        try (TwoSwitches two = new TwoSwitches()) {
            User agent = two.directory.userByName("agent1").orElseThrow();
            two.await(two.contactCenter.startSession(agent, two.directory.placeByName("PlaceWest").orElseThrow()));

            assertThat(two.contactCenter.devicesOf(agent)).extracting(DeviceView::number).containsExactly("6001");
            assertRefused(two.await(two.contactCenter.setDoNotDisturb(agent, TestDirectory.dnId("5001"), true)), Refusal.NOT_FOUND);
        }
    }

    private record Start(User user, Place place) {
    }

    /** Runs the starts from {@link #THREADS} threads at once and returns their outcomes, in the order given. */
    private List<Outcome> startConcurrently(List<Start> starts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<CompletableFuture<Outcome>>> submitted = new ArrayList<>();
            for (Start start : starts) {
                submitted.add(pool.submit(() -> {
                    gate.await(SwitchHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    return contactCenter.startSession(start.user(), start.place());
                }));
            }
            gate.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<CompletableFuture<Outcome>> future : submitted) {
                outcomes.add(harness.await(future.get(SwitchHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The test directory plus a second environment "West" with PlaceWest / 6001, each on its own switch. */
    private static final class TwoSwitches implements AutoCloseable {
        final Directory directory;
        final Switch demo;
        final Switch west;
        final ContactCenter contactCenter;
        private final SwitchExecutor demoExecutor = new SwitchExecutor("demo");
        private final SwitchExecutor westExecutor = new SwitchExecutor("west");

        TwoSwitches() {
            Directory base = TestDirectory.build();
            VoiceEnvironment westEnvironment = TestDirectory.environment("West", EnvironmentType.SIP_SERVER);
            List<VoiceEnvironment> environments = new ArrayList<>(base.environments());
            environments.add(westEnvironment);
            List<Place> places = new ArrayList<>(base.places());
            places.add(TestDirectory.place("PlaceWest", "West", "6001"));
            List<Dn> dns = new ArrayList<>(base.dns());
            dns.add(TestDirectory.dn("6001", DnType.EXTENSION, "West", "PlaceWest"));
            directory = new Directory(environments, base.users(), places, dns, base.groups());
            ManualTimers timers = new ManualTimers(SwitchHarness.START);
            RecordingEventSink events = new RecordingEventSink();
            SessionRegistry registry = new SessionRegistry();
            demo = new Switch(directory.environmentByName(TestDirectory.ENVIRONMENT).orElseThrow(), directory, demoExecutor,
                    timers.clock(), timers, events, registry);
            west = new Switch(westEnvironment, directory, westExecutor, timers.clock(), timers, events, registry);
            contactCenter = new ContactCenter(directory, List.of(demo, west));
        }

        Outcome await(CompletableFuture<Outcome> future) {
            return future.orTimeout(SwitchHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            demoExecutor.close();
            westExecutor.close();
        }
    }
}
