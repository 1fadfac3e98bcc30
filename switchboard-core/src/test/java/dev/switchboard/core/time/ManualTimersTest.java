package dev.switchboard.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.telephony.SwitchExecutor;

/** Fake time: the clock moves only on advance, and timers run in due order as it passes them. */
class ManualTimersTest {
    private static final Instant START = Instant.parse("2025-01-06T09:00:00Z");

    private final ManualTimers timers = new ManualTimers(START);
    private final List<String> ran = new ArrayList<>();

    @Test
    void clockStandsStillUntilAdvanced() {
        assertThat(timers.clock().instant()).isEqualTo(START);
        assertThat(timers.clock().getZone()).isEqualTo(ZoneOffset.UTC);

        timers.advance(Duration.ofMinutes(3));
        assertThat(timers.clock().instant()).isEqualTo(START.plusSeconds(180));

        timers.advance(Duration.ofMillis(1));
        assertThat(timers.clock().instant()).isEqualTo(START.plusSeconds(180).plusMillis(1));
    }

    @Test
    void timersRunByDueTimeThenByScheduleOrderEachAtItsOwnTime() {
        timers.schedule(Duration.ofSeconds(20), () -> record("c"));
        timers.schedule(Duration.ofSeconds(10), () -> record("a"));
        timers.schedule(Duration.ofSeconds(10), () -> record("b"));
        timers.schedule(Duration.ofSeconds(5), () -> record("first"));
        timers.schedule(Duration.ofSeconds(10), () -> record("d"));

        timers.advance(Duration.ofSeconds(30));

        assertThat(ran).containsExactly("first@5", "a@10", "b@10", "d@10", "c@20");
        assertThat(timers.clock().instant()).isEqualTo(START.plusSeconds(30));
        assertThat(timers.pending()).isZero();
    }

    @Test
    void advanceRunsOnlyTimersDueByTheTargetIncludingOnesDueExactlyThen() {
        timers.schedule(Duration.ofSeconds(10), () -> record("at10"));
        timers.schedule(Duration.ofSeconds(11), () -> record("at11"));

        timers.advance(Duration.ofSeconds(10));

        assertThat(ran).containsExactly("at10@10");
        assertThat(timers.pending()).isEqualTo(1);

        timers.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("at10@10", "at11@11");
    }

    @Test
    void delaysCountFromTheTimeOfScheduling() {
        timers.advance(Duration.ofSeconds(100));
        timers.schedule(Duration.ofSeconds(5), () -> record("later"));

        timers.advance(Duration.ofSeconds(4));
        assertThat(ran).isEmpty();
        timers.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("later@105");
    }

    @Test
    void cancelledTimerNeverRuns() {
        Timers.Timer cancelled = timers.schedule(Duration.ofSeconds(10), () -> record("cancelled"));
        timers.schedule(Duration.ofSeconds(10), () -> record("kept"));

        cancelled.cancel();

        assertThat(timers.pending()).isEqualTo(1);
        timers.advance(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("kept@10");
    }

    @Test
    void cancelAfterRunningChangesNothing() {
        Timers.Timer timer = timers.schedule(Duration.ofSeconds(1), () -> record("once"));
        timers.advance(Duration.ofSeconds(1));

        timer.cancel();
        timer.cancel();

        assertThat(ran).containsExactly("once@1");
        assertThat(timers.pending()).isZero();
    }

    @Test
    void timerScheduledByATimerRunsInTheSameAdvanceWhenDue() {
        timers.schedule(Duration.ofSeconds(1), () -> {
            record("outer");
            timers.schedule(Duration.ofSeconds(2), () -> record("inner"));
        });

        timers.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("outer@1", "inner@3");
    }

    @Test
    void timersRunOnTheOwnerExecutorAndAdvanceWaitsForThem() {
        try (SwitchExecutor executor = new SwitchExecutor("timers")) {
            timers.runOn(executor);
            List<Boolean> onSwitchThread = new CopyOnWriteArrayList<>();
            timers.schedule(Duration.ofSeconds(1), () -> onSwitchThread.add(executor.isOnSwitchThread()));
            timers.schedule(Duration.ofSeconds(2), () -> onSwitchThread.add(executor.isOnSwitchThread()));

            timers.advance(Duration.ofSeconds(2));

            // advance() waited for both, so the list is complete without waiting here.
            assertThat(onSwitchThread).containsExactly(true, true);
            assertThat(timers.clock().instant()).isEqualTo(START.plusSeconds(2));
        }
    }

    private void record(String name) {
        ran.add(name + "@" + Duration.between(START, timers.clock().instant()).toSeconds());
    }
}
