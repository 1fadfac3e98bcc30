package dev.switchboard.server.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.server.http.Router;

class SimulatorTest {
    private static final Set<String> BOT_DNS = Set.of("5101", "5102", "5103");

    private final SimHarness harness = new SimHarness(3, 5);
    private Simulator simulator;

    @AfterEach
    void tearDown() {
        if (simulator != null) {
            simulator.close();
        }
        harness.close();
    }

    private Simulator simulator(Simulator.Settings settings) {
        simulator = new Simulator(harness.contactCenter, harness.scheduler, 2024L, settings);
        harness.consumeWith(simulator.events());
        harness.endpoints.externalNumbers(simulator.customers());
        return simulator;
    }

    @Test
    void demoTrafficIsAnsweredByTheBots() {
        simulator(Simulator.Settings.defaults(6)).start();

        harness.advance(Duration.ofMinutes(20), Duration.ofMillis(250));

        long placed = simulator.traffic().placedCalls();
        assertThat(placed).isBetween(60L, 200L);
        Set<String> answeredByBots = new HashSet<>();
        Set<String> ended = new HashSet<>();
        for (CallSnapshot call : harness.callChanges()) {
            boolean botTalks = call.parties().stream().anyMatch(p -> BOT_DNS.contains(p.number()) && p.state() == PartyState.ESTABLISHED);
            if (botTalks) {
                answeredByBots.add(call.id());
            }
            if (call.ended()) {
                ended.add(call.id());
            }
        }
        assertThat(answeredByBots).hasSizeGreaterThan((int) placed / 3);
        assertThat(answeredByBots.stream().filter(ended::contains).count()).isGreaterThan(answeredByBots.size() - 3L);
        for (String number : BOT_DNS) {
            assertThat(harness.device(number).agentState()).as("bot at %s", number)
                    .isIn(AgentState.READY, AgentState.AFTER_CALL_WORK);
            // Bots answer within 2 s, long before the queue's 15 s ring-no-answer would set them NotReady.
            List<AgentState> states = harness.agentStates(number);
            assertThat(states.subList(1, states.size())).as("bot at %s after login", number).doesNotContain(AgentState.NOT_READY);
            assertThat(states).contains(AgentState.AFTER_CALL_WORK);
        }
    }

    @Test
    void withoutTrafficNeitherCallersNorBotsStartButDialedCustomersStillAnswer() {
        simulator(Simulator.Settings.defaults(0)).start();
        harness.advance(Duration.ofMinutes(5), Duration.ofSeconds(1));

        assertThat(simulator.traffic().placedCalls()).isZero();
        for (String number : BOT_DNS) {
            assertThat(harness.device(number).userId()).isNull();
        }

        harness.logInReady("agent1");
        String callId = harness.accepted(harness.voiceSwitch.dial(harness.user("agent1"), harness.device("5001").id(), "5550042",
                Map.of()));
        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.call(callId).party("5550042").orElseThrow().state()).isEqualTo(PartyState.ESTABLISHED);
    }

    @Test
    void registerAddsTheSimulatorRoutes() {
        Router router = new Router();
        simulator(Simulator.Settings.defaults(0)).register(router);

        for (List<String> route : List.of(List.of("GET", "calls"), List.of("POST", "calls"), List.of("GET", "calls/X1"),
                List.of("POST", "calls/X1"))) {
            assertThat(router.match(route.get(0), route.get(1)).handler()).isNotNull();
        }
    }

    @Test
    void settingsRejectNonsense() {
        Simulator.Settings defaults = Simulator.Settings.defaults(6);
        assertThat(defaults.customerAnswerDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.botUserNames()).containsExactly("bot1", "bot2", "bot3");
        assertThat(defaults.withTrafficPerMinute(0).trafficPerMinute()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTrafficPerMinute(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTrafficPerMinute(Double.NaN));
    }
}
