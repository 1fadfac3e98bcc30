package dev.switchboard.server.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

class TrafficTest {
    private SimHarness harness = new SimHarness();
    private Traffic traffic;

    @AfterEach
    void tearDown() {
        if (traffic != null) {
            traffic.close();
        }
        harness.close();
    }

    private Traffic traffic(double callsPerMinute, long seed) {
        traffic = new Traffic(harness.contactCenter, harness.scheduler, new SplittableRandom(seed), callsPerMinute,
                Traffic.DEFAULT_MEAN_TALK_TIME, Traffic.DEFAULT_MEAN_PATIENCE);
        harness.consumeWith(traffic);
        return traffic;
    }

    /** The ids of the calls simulated callers placed, in order, from the switch's own events. */
    private List<String> callerCalls() {
        Set<String> ids = new LinkedHashSet<>();
        for (CallSnapshot call : harness.callChanges()) {
            if (call.dnis().equals(Traffic.ROUTING_POINT)) {
                assertThat(call.ani()).matches("555[0-9]{4}");
                ids.add(call.id());
            }
        }
        return List.copyOf(ids);
    }

    @Test
    void placesCallsAtAboutTheConfiguredRate() {
        traffic(6, 42).start();

        harness.advance(Duration.ofMinutes(60), Duration.ofSeconds(1));

        // Poisson with mean 360 over the hour: the standard deviation is 19, so this is +-3 sigma.
        List<String> calls = callerCalls();
        assertThat(calls).hasSizeBetween(303, 417);
        assertThat(traffic.placedCalls()).isEqualTo(calls.size());
        // Nobody was there to answer: every caller who ran out of patience hung up, so only recent callers remain.
        assertThat(harness.liveCalls()).hasSizeLessThan(40);
        assertThat(harness.liveCalls()).allSatisfy(call -> assertThat(call.waitingAt()).isEqualTo(TestDirectory.QUEUE));
    }

    @Test
    void theSameSeedPlacesTheSameCalls() {
        traffic(30, 7).start();
        harness.advance(Duration.ofMinutes(2), Duration.ofSeconds(1));
        List<String> first = harness.callChanges().stream().filter(c -> c.dnis().equals(Traffic.ROUTING_POINT))
                .map(CallSnapshot::ani).distinct().toList();
        traffic.close();
        harness.close();

        harness = new SimHarness();
        traffic(30, 7).start();
        harness.advance(Duration.ofMinutes(2), Duration.ofSeconds(1));
        List<String> second = harness.callChanges().stream().filter(c -> c.dnis().equals(Traffic.ROUTING_POINT))
                .map(CallSnapshot::ani).distinct().toList();

        assertThat(first).hasSizeGreaterThan(20).isEqualTo(second);
    }

    @Test
    void aCallerNobodyAnswersHangsUpWhenTheirPatienceEnds() {
        traffic(1, 1).arrive();
        harness.settle();
        Traffic.CallerView caller = traffic.callers().get(0);
        assertThat(harness.call(caller.callId()).waitingAt()).isEqualTo(TestDirectory.QUEUE);

        harness.advance(caller.patience().minusMillis(1));
        assertThat(harness.call(caller.callId()).ended()).isFalse();

        harness.advance(Duration.ofMillis(1));
        CallSnapshot call = harness.call(caller.callId());
        assertThat(call.ended()).isTrue();
        assertThat(call.parties()).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo(PartyState.RELEASED));
        assertThat(traffic.callers()).isEmpty();
        assertThat(harness.timers.pending()).isZero();
    }

    @Test
    void aCallerAnAgentAnsweredHangsUpAfterTheirTalkTime() {
        harness.logInReady("agent1");
        traffic(1, 3).arrive();
        harness.settle();
        String callId = traffic.callers().get(0).callId();
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.RINGING);

        harness.advance(Duration.ofSeconds(3));
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));
        Traffic.CallerView caller = traffic.callers().get(0);
        assertThat(caller.answered()).isTrue();

        // Patience no longer counts once an agent answered: the caller talks for their whole talk time.
        harness.advance(caller.talkTime().minusMillis(1));
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.ESTABLISHED);

        harness.advance(Duration.ofMillis(1));
        assertThat(harness.call(callId).ended()).isTrue();
        assertThat(harness.call(callId).party(caller.number())).isEmpty();
        assertThat(harness.callsOf("agent1")).isEmpty();
        assertThat(traffic.callers()).isEmpty();
    }

    @Test
    void anAgentWhoHangsUpFirstEndsTheCallerToo() {
        harness.logInReady("agent1");
        traffic(1, 5).arrive();
        harness.settle();
        String callId = traffic.callers().get(0).callId();
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.HANGUP)));

        assertThat(traffic.callers()).isEmpty();
        assertThat(harness.timers.pending()).as("the talk timer was cancelled").isZero();
    }

    @Test
    void zeroTrafficStartsNothing() {
        traffic(0, 1).start();

        harness.advance(Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertThat(harness.timers.pending()).isZero();
        assertThat(callerCalls()).isEmpty();
    }

    @Test
    void closingStopsTheArrivals() {
        traffic(60, 11).start();
        harness.advance(Duration.ofSeconds(30), Duration.ofSeconds(1));
        long placed = traffic.placedCalls();
        assertThat(placed).isPositive();

        traffic.close();
        assertThat(harness.timers.pending()).isZero();
        harness.advance(Duration.ofMinutes(5), Duration.ofSeconds(1));
        assertThat(traffic.placedCalls()).isEqualTo(placed);
    }
}
