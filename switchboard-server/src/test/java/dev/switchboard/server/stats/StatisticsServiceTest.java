package dev.switchboard.server.stats;

import static dev.switchboard.core.view.PartyState.ESTABLISHED;
import static dev.switchboard.core.view.PartyState.RELEASED;
import static dev.switchboard.core.view.PartyState.RINGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.core.view.CallType;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.DirectoryBuilder;
import dev.switchboard.server.stats.StatisticsService.Current;
import dev.switchboard.server.stats.StatisticsService.Statistic;
import dev.switchboard.server.stats.StatisticsService.Subscription;
import dev.switchboard.sip.auth.MutableClock;

/**
 * Subscriptions kept current on a fake clock: a value goes to the listener when an event changes it and only then; a
 * sliding window's count when its call leaves the window, by the one alarm set for that instant; nothing after the
 * subscription is deleted.
 */
class StatisticsServiceTest {
    private static final Instant T0 = Instant.parse("2025-03-10T09:00:00Z");

    private record Alarm(Instant at, Runnable task) {
    }

    private final MutableClock clock = new MutableClock(T0);
    private final List<Alarm> alarms = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private StatisticsService service;
    private FloorEvents events;

    @BeforeEach
    void service() {
        Directory directory = DirectoryBuilder.build(ConfigLoader.loadDemo(), new InMemoryStore(), null);
        FloorStatistics floor = new FloorStatistics(directory, ZoneOffset.UTC, Duration.ofSeconds(20));
        service = new StatisticsService(floor, clock, (at, task) -> alarms.add(new Alarm(at, task)), (subscription, values) -> {
            for (Current current : values) {
                told.add(subscription.id() + " " + current.statistic().statisticId() + " " + current.value());
            }
        });
        events = new FloorEvents(directory, Map.of("agent1", "5001"));
    }

    private void accept(dev.switchboard.core.event.SwitchEvent event) {
        service.accept(FloorEvents.ENVIRONMENT, event);
    }

    private void handledCall(int from, int to) {
        accept(events.call(T0.plusSeconds(from), "agent1", "c" + from, RINGING, "8000", CallType.INBOUND, "7000"));
        accept(events.call(T0.plusSeconds(from), "agent1", "c" + from, ESTABLISHED, "8000", CallType.INBOUND, "7000"));
        accept(events.call(T0.plusSeconds(to), "agent1", "c" + from, RELEASED, "8000", CallType.INBOUND, "7000"));
    }

    @Test
    void aChangedValueIsToldOnceAndASlidingWindowByItsAlarm() {
        List<Current> initial = service.subscribe(new Subscription("sub", "u1", List.of(
                new Statistic("handled", StatObject.agent("agent1"), StatName.TOTAL_HANDLED_CALLS, Interval.lastMinutes(5)),
                new Statistic("state", StatObject.agent("agent1"), StatName.CURRENT_AGENT_STATE, Interval.TODAY))));
        assertThat(initial).extracting(Current::value).containsExactly(new StatValue.Count(0),
                new StatValue.AgentStatus(AgentState.LOGGED_OUT, null, null, null));
        assertThat(alarms).as("nothing counted yet: nothing to expire").isEmpty();

        accept(events.state(T0, "agent1", AgentState.LOGGED_OUT, AgentState.READY, null));
        accept(events.state(T0, "agent1", AgentState.READY, AgentState.READY, null));
        assertThat(told).containsExactly("sub state AgentStatus[state=READY, reason=null, since=2025-03-10T09:00:00Z, dn=5001]");

        told.clear();
        handledCall(10, 70);
        assertThat(told).containsExactly("sub handled Count[count=1]");
        assertThat(alarms).extracting(Alarm::at).containsExactly(T0.plusSeconds(370).plusMillis(1));

        told.clear();
        clock.advance(Duration.ofSeconds(370).plusMillis(1)); // to the alarm's instant: the clock starts at T0
        alarms.remove(0).task().run();
        assertThat(told).containsExactly("sub handled Count[count=0]");
        assertThat(alarms).isEmpty();
        assertThat(service.peek("u1", "sub", Set.of("handled")).orElseThrow()).extracting(Current::value)
                .containsExactly(new StatValue.Count(0));
    }

    @Test
    void aDeletedSubscriptionIsToldNothingMore() {
        service.subscribe(new Subscription("sub", "u1", List.of(
                new Statistic("handled", StatObject.agent("agent1"), StatName.TOTAL_HANDLED_CALLS, Interval.lastMinutes(1)))));
        handledCall(0, 30);
        assertThat(told).hasSize(1);
        assertThat(service.unsubscribe("u1", "sub")).isTrue();
        assertThat(service.unsubscribe("u1", "sub")).isFalse();
        clock.advance(Duration.ofSeconds(91));
        alarms.forEach(alarm -> alarm.task().run());
        handledCall(100, 110);
        assertThat(told).hasSize(1);
        assertThat(service.peek("u1", "sub", Set.of())).isEmpty();
    }

    @Test
    void anIdIsTheOwnersOnce() {
        Subscription subscription = new Subscription("same", "u1", List.of());
        service.subscribe(subscription);
        assertThatThrownBy(() -> service.subscribe(subscription)).isInstanceOf(StatisticsService.Conflict.class);
        service.subscribe(new Subscription("same", "u2", List.of()));
        assertThat(service.peek("u2", "same", Set.of())).contains(List.of());
    }
}
