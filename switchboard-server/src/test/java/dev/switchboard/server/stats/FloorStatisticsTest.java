package dev.switchboard.server.stats;

import static dev.switchboard.core.view.PartyRole.DESTINATION;
import static dev.switchboard.core.view.PartyState.ESTABLISHED;
import static dev.switchboard.core.view.PartyState.RELEASED;
import static dev.switchboard.core.view.PartyState.RINGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.core.view.CallType;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.DirectoryBuilder;

/**
 * The statistics model on the demo floor (agents of Sales, queue 8000, routing point 7000 routing to it), fed event
 * sequences as the switch publishes them, on a fake clock (each event's instant): exact values, what each event
 * touches, the intervals and when a value changes by time alone.
 */
class FloorStatisticsTest {
    private static final Instant T0 = Instant.parse("2025-03-10T09:00:00Z");
    private static final StatObject AGENT1 = StatObject.agent("agent1");
    private static final StatObject AGENT2 = StatObject.agent("agent2");
    private static final StatObject SALES = StatObject.group("Sales");
    private static final StatObject QUEUE = StatObject.queue("8000");
    private static final StatObject ROUTE_POINT = StatObject.routePoint("7000");

    private FloorStatistics floor;
    private FloorEvents events;

    @BeforeEach
    void demoFloor() {
        Directory directory = DirectoryBuilder.build(ConfigLoader.loadDemo(), new InMemoryStore(), null);
        floor = new FloorStatistics(directory, ZoneOffset.UTC, Duration.ofSeconds(20));
        events = new FloorEvents(directory, Map.of("agent1", "5001", "agent2", "5002", "supervisor1", "5005"));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private java.util.Set<StatObject> apply(SwitchEvent event) {
        return floor.apply(FloorEvents.ENVIRONMENT, event);
    }

    private StatValue today(StatObject object, StatName name, int seconds) {
        return floor.value(object, name, Interval.TODAY, at(seconds));
    }

    /** agent1 and agent2 Ready; a customer's call to 7000 waits, rings at agent1, is answered, talked 60 s, wrapped up 5 s. */
    private void answeredCall() {
        apply(events.state(at(0), "agent1", AgentState.LOGGED_OUT, AgentState.READY, null));
        apply(events.state(at(0), "agent2", AgentState.LOGGED_OUT, AgentState.READY, null));
        apply(FloorEvents.snapshot(at(60), "c1", "7000", "8000", PartyState.DIALING));
        apply(events.call(at(65), "agent1", "c1", RINGING, "8000", CallType.INBOUND, "7000"));
        apply(FloorEvents.snapshot(at(65), "c1", "7000", null, PartyState.DIALING, "5001", DESTINATION, RINGING));
        apply(events.call(at(70), "agent1", "c1", ESTABLISHED, "8000", CallType.INBOUND, "7000"));
        apply(FloorEvents.snapshot(at(70), "c1", "7000", null, ESTABLISHED, "5001", DESTINATION, ESTABLISHED));
        apply(events.call(at(130), "agent1", "c1", RELEASED, "8000", CallType.INBOUND, "7000"));
        apply(FloorEvents.snapshot(at(130), "c1", "7000", null, RELEASED, "5001", DESTINATION, RELEASED));
        apply(events.state(at(130), "agent1", AgentState.READY, AgentState.AFTER_CALL_WORK, null));
        apply(events.state(at(135), "agent1", AgentState.AFTER_CALL_WORK, AgentState.READY, null));
    }

    @Test
    void anAnsweredCallCountsForTheAgentTheGroupTheQueueAndTheRoutingPoint() {
        apply(events.state(at(0), "agent1", AgentState.LOGGED_OUT, AgentState.READY, null));
        assertThat(apply(FloorEvents.snapshot(at(60), "c1", "7000", "8000", PartyState.DIALING))).containsExactlyInAnyOrder(QUEUE,
                ROUTE_POINT);
        assertThat(today(QUEUE, StatName.CURRENT_NUMBER_WAITING_CALLS, 61)).isEqualTo(new StatValue.Count(1));
        assertThat(today(QUEUE, StatName.CURRENT_MAX_WAITING_TIME, 61)).isEqualTo(new StatValue.Oldest(at(60)));
        assertThat(today(ROUTE_POINT, StatName.TOTAL_OFFERED_CALLS, 61)).isEqualTo(new StatValue.Count(1));

        answeredCall();

        assertThat(today(AGENT1, StatName.TOTAL_HANDLED_CALLS, 140)).isEqualTo(new StatValue.Count(1));
        assertThat(today(AGENT1, StatName.TOTAL_MISSED_CALLS, 140)).isEqualTo(new StatValue.Count(0));
        StatValue.Average handleTime = (StatValue.Average) today(AGENT1, StatName.AVERAGE_HANDLE_TIME, 140);
        assertThat(handleTime).as("60 s talk + 5 s after-call work").isEqualTo(new StatValue.Average(65_000, 1));
        assertThat(handleTime.seconds()).isEqualTo(65);
        assertThat(today(AGENT1, StatName.CURRENT_AGENT_STATE, 140))
                .isEqualTo(new StatValue.AgentStatus(AgentState.READY, null, at(135), "5001"));
        assertThat(today(SALES, StatName.TOTAL_HANDLED_CALLS, 140)).isEqualTo(new StatValue.Count(1));
        assertThat(today(SALES, StatName.AVERAGE_HANDLE_TIME, 140)).isEqualTo(new StatValue.Average(65_000, 1));

        for (StatObject point : new StatObject[] {QUEUE, ROUTE_POINT}) {
            assertThat(today(point, StatName.TOTAL_OFFERED_CALLS, 140)).isEqualTo(new StatValue.Count(1));
            assertThat(today(point, StatName.TOTAL_ANSWERED_CALLS, 140)).isEqualTo(new StatValue.Count(1));
            assertThat(today(point, StatName.TOTAL_ABANDONED_CALLS, 140)).isEqualTo(new StatValue.Count(0));
            assertThat(today(point, StatName.CURRENT_NUMBER_WAITING_CALLS, 140)).isEqualTo(new StatValue.Count(0));
            assertThat(today(point, StatName.CURRENT_MAX_WAITING_TIME, 140)).isEqualTo(new StatValue.Oldest(null));
            assertThat(today(point, StatName.SERVICE_LEVEL, 140)).as("answered after 10 s of 20").isEqualTo(new StatValue.Percent(1, 1));
        }
    }

    @Test
    void aRejectedOfferIsMissedAndAHangUpInTheQueueIsAbandoned() {
        answeredCall();
        apply(FloorEvents.snapshot(at(200), "c2", "7000", "8000", PartyState.DIALING));
        apply(events.call(at(205), "agent2", "c2", RINGING, "8000", CallType.INBOUND, "7000"));
        apply(FloorEvents.snapshot(at(205), "c2", "7000", null, PartyState.DIALING, "5002", DESTINATION, RINGING));
        assertThat(today(QUEUE, StatName.CURRENT_NUMBER_WAITING_CALLS, 206)).as("ringing at an agent still waits").isEqualTo(
                new StatValue.Count(1));
        assertThat(apply(events.call(at(210), "agent2", "c2", RELEASED, "8000", CallType.INBOUND, "7000")))
                .containsExactlyInAnyOrder(AGENT2, SALES, QUEUE);
        apply(events.state(at(210), "agent2", AgentState.READY, AgentState.NOT_READY, null));
        apply(FloorEvents.snapshot(at(210), "c2", "7000", "8000", PartyState.DIALING, "5002", DESTINATION, RELEASED));
        assertThat(today(QUEUE, StatName.CURRENT_MAX_WAITING_TIME, 220)).as("still since it arrived").isEqualTo(
                new StatValue.Oldest(at(200)));
        apply(FloorEvents.snapshot(at(240), "c2", "7000", null, RELEASED));

        assertThat(today(AGENT2, StatName.TOTAL_MISSED_CALLS, 250)).isEqualTo(new StatValue.Count(1));
        assertThat(today(AGENT2, StatName.TOTAL_HANDLED_CALLS, 250)).isEqualTo(new StatValue.Count(0));
        assertThat(today(SALES, StatName.TOTAL_MISSED_CALLS, 250)).isEqualTo(new StatValue.Count(1));
        assertThat(today(QUEUE, StatName.TOTAL_OFFERED_CALLS, 250)).isEqualTo(new StatValue.Count(2));
        assertThat(today(QUEUE, StatName.TOTAL_ABANDONED_CALLS, 250)).isEqualTo(new StatValue.Count(1));
        assertThat(today(QUEUE, StatName.CURRENT_NUMBER_WAITING_CALLS, 250)).isEqualTo(new StatValue.Count(0));
        StatValue.Percent serviceLevel = (StatValue.Percent) today(QUEUE, StatName.SERVICE_LEVEL, 250);
        assertThat(serviceLevel).isEqualTo(new StatValue.Percent(1, 2));
        assertThat(serviceLevel.percent()).isEqualTo(50.0);

        Map<AgentState, Integer> byState = ((StatValue.StateCounts) today(SALES, StatName.AGENTS_BY_STATE, 250)).counts();
        assertThat(byState).containsEntry(AgentState.READY, 1).containsEntry(AgentState.NOT_READY, 1)
                .containsEntry(AgentState.LOGGED_OUT, 5).containsEntry(AgentState.AFTER_CALL_WORK, 0);
        assertThat(today(QUEUE, StatName.AGENTS_BY_STATE, 250)).as("the queue's agents are Sales'").isEqualTo(
                today(SALES, StatName.AGENTS_BY_STATE, 250));
    }

    @Test
    void anAnswerLaterThanTheThresholdIsOutOfServiceLevel() {
        apply(FloorEvents.snapshot(at(0), "c1", "8000", "8000", PartyState.DIALING));
        apply(events.call(at(25), "agent1", "c1", RINGING, "8000", CallType.INBOUND, "8000"));
        apply(events.call(at(26), "agent1", "c1", ESTABLISHED, "8000", CallType.INBOUND, "8000"));
        apply(FloorEvents.snapshot(at(26), "c1", "8000", null, ESTABLISHED, "5001", DESTINATION, ESTABLISHED));
        assertThat(today(QUEUE, StatName.SERVICE_LEVEL, 30)).isEqualTo(new StatValue.Percent(0, 1));
        assertThat(today(ROUTE_POINT, StatName.TOTAL_OFFERED_CALLS, 30)).as("not dialed to 7000").isEqualTo(new StatValue.Count(0));
        assertThat(((StatValue.Percent) today(ROUTE_POINT, StatName.SERVICE_LEVEL, 30)).percent()).as("no calls").isEqualTo(100.0);
    }

    @Test
    void monitoringLegsAndConsultationsAreNotCounted() {
        apply(events.call(at(0), "supervisor1", "c1", ESTABLISHED, null, CallType.INBOUND, "7000", MonitoringType.LISTEN_IN));
        apply(events.call(at(30), "supervisor1", "c1", RELEASED, null, CallType.INBOUND, "7000", MonitoringType.LISTEN_IN));
        apply(events.call(at(0), "agent1", "k1", ESTABLISHED, null, CallType.CONSULT, "5002"));
        apply(events.call(at(30), "agent1", "k1", RELEASED, null, CallType.CONSULT, "5002"));
        assertThat(today(StatObject.agent("supervisor1"), StatName.TOTAL_HANDLED_CALLS, 40)).isEqualTo(new StatValue.Count(0));
        assertThat(today(AGENT1, StatName.TOTAL_HANDLED_CALLS, 40)).isEqualTo(new StatValue.Count(0));
    }

    @Test
    void theLastMinutesSlideAndTodayEndsAtMidnight() {
        answeredCall();
        Interval five = Interval.lastMinutes(5);
        assertThat(floor.value(AGENT1, StatName.TOTAL_HANDLED_CALLS, five, at(400))).isEqualTo(new StatValue.Count(1));
        assertThat(floor.changesAt(AGENT1, StatName.TOTAL_HANDLED_CALLS, five, at(400)))
                .as("the call ended at 130 s; it leaves the window 300 s later").contains(at(430).plusMillis(1));
        assertThat(floor.value(AGENT1, StatName.TOTAL_HANDLED_CALLS, five, at(431))).isEqualTo(new StatValue.Count(0));
        assertThat(floor.value(AGENT1, StatName.AVERAGE_HANDLE_TIME, five, at(431))).isEqualTo(new StatValue.Average(0, 0));
        assertThat(floor.value(QUEUE, StatName.TOTAL_OFFERED_CALLS, five, at(359))).isEqualTo(new StatValue.Count(1));
        assertThat(floor.value(QUEUE, StatName.TOTAL_OFFERED_CALLS, five, at(361))).isEqualTo(new StatValue.Count(0));
        assertThat(floor.changesAt(QUEUE, StatName.TOTAL_OFFERED_CALLS, five, at(500))).isEmpty();

        Instant midnight = Instant.parse("2025-03-11T00:00:00Z");
        assertThat(floor.changesAt(SALES, StatName.TOTAL_HANDLED_CALLS, Interval.TODAY, at(140))).contains(midnight);
        assertThat(floor.value(SALES, StatName.TOTAL_HANDLED_CALLS, Interval.TODAY, midnight.minusMillis(1))).isEqualTo(
                new StatValue.Count(1));
        assertThat(floor.value(SALES, StatName.TOTAL_HANDLED_CALLS, Interval.TODAY, midnight)).isEqualTo(new StatValue.Count(0));
        assertThat(floor.changesAt(AGENT1, StatName.CURRENT_AGENT_STATE, Interval.TODAY, at(140))).as("changes with events only")
                .isEmpty();
    }

    @Test
    void aDeviceChangeThatLeavesTheStateLeavesTheValue() {
        apply(events.state(at(0), "agent1", AgentState.LOGGED_OUT, AgentState.NOT_READY, "Lunch"));
        StatValue before = today(AGENT1, StatName.CURRENT_AGENT_STATE, 1);
        assertThat(before).isEqualTo(new StatValue.AgentStatus(AgentState.NOT_READY, "Lunch", at(0), "5001"));
        assertThat(apply(events.state(at(0), "agent1", AgentState.NOT_READY, AgentState.NOT_READY, "Lunch")))
                .containsExactlyInAnyOrder(AGENT1, SALES, QUEUE);
        assertThat(today(AGENT1, StatName.CURRENT_AGENT_STATE, 9)).isEqualTo(before);
        assertThat(today(AGENT2, StatName.CURRENT_AGENT_STATE, 9)).as("never seen")
                .isEqualTo(new StatValue.AgentStatus(AgentState.LOGGED_OUT, null, null, null));
    }

    @Test
    void objectsAndIntervalsAreChecked() {
        assertThat(floor.exists(QUEUE)).isTrue();
        assertThat(floor.exists(ROUTE_POINT)).isTrue();
        assertThat(floor.exists(StatObject.queue("7000"))).isFalse();
        assertThat(floor.exists(StatObject.agent("nobody"))).isFalse();
        assertThat(floor.exists(StatObject.group("Support"))).isTrue();
        assertThatThrownBy(() -> today(QUEUE, StatName.CURRENT_AGENT_STATE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Interval.parse("Last15Minutes")).isEqualTo(Interval.lastMinutes(15));
        assertThat(Interval.parse("last 15 minutes")).isEqualTo(Interval.lastMinutes(15));
        assertThat(Interval.parse("today")).isEqualTo(Interval.TODAY);
        assertThatThrownBy(() -> Interval.parse("Last0Minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.parse("Last1441Minutes")).isInstanceOf(IllegalArgumentException.class);
    }
}
