package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Stepping the offered rate up until the achieved rate falls behind or the p99 explodes. */
class RateStepsTest {
    private static final long MS = 1_000_000L;

    @Test
    void stepsUpByTheFactorWhileTheServerKeepsUp() {
        RateSteps steps = new RateSteps(10, 2, 10, 5);
        assertThat(steps.nextRate()).isEqualTo(10);
        assertThat(steps.record(10, 5 * MS).saturated()).isFalse();
        assertThat(steps.nextRate()).isEqualTo(20);
        assertThat(steps.record(18.5, 6 * MS).saturated()).isFalse();
        assertThat(steps.nextRate()).isEqualTo(40);
        assertThat(steps.hasNext()).isTrue();
        assertThat(steps.saturatedAt()).isNull();
        assertThat(steps.sustained()).isEqualTo(18.5);
    }

    @Test
    void saturatesBelowNinetyPercentOfTheOfferedRate() {
        RateSteps steps = new RateSteps(100, 1.5, 10, 5);
        steps.record(100, 5 * MS);
        RateSteps.Step second = steps.record(134, 5 * MS);
        assertThat(second.offered()).isEqualTo(150);
        assertThat(second.saturated()).isTrue();
        assertThat(steps.hasNext()).isFalse();
        assertThat(steps.saturatedAt()).isEqualTo(second);
        assertThat(steps.sustained()).isEqualTo(100);
    }

    @Test
    void saturatesWhenTheP99ExplodesAboveTheFloor() {
        RateSteps steps = new RateSteps(10, 2, 10, 5);
        steps.record(10, 2 * MS);
        // 40 ms is 20 times the first p99, but below the 50 ms floor: not an explosion.
        assertThat(steps.record(20, 40 * MS).saturated()).isFalse();
        assertThat(steps.record(40, 60 * MS).saturated()).isTrue();
    }

    @Test
    void stopsAfterTheLastStep() {
        RateSteps steps = new RateSteps(1, 2, 10, 2);
        steps.record(1, MS);
        steps.record(2, MS);
        assertThat(steps.hasNext()).isFalse();
        assertThat(steps.steps()).hasSize(2);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RateSteps(0, 2, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSteps(1, 1, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSteps(1, 2, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
