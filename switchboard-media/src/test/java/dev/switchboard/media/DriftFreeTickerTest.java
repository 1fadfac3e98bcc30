package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Ticks fall on origin + k × 20 ms of the engine's clock, however time arrives; a long stall skips, not bursts. One
 * ticker, so the counts are exactly one schedule's ({@code MultiTickerTest} has several).
 */
class DriftFreeTickerTest {

    @Test
    void ticksFollowAbsoluteDeadlinesAndSkipAfterAStall() throws IOException {
        MediaConfig oneTicker = MediaConfig.defaults().withPorts(24900, 24999).withTickers(1);
        try (SteppedEngine stepped = new SteppedEngine(oneTicker, MediaListener.NONE)) {
            MediaEngine engine = stepped.engine;
            // Steps of 7 ms: after each, exactly floor(elapsed / 20) deadlines have passed, whatever the wake-ups did.
            for (int i = 1; i <= 30; i++) {
                stepped.clock.advanceMillis(7);
                long due = 7L * i / 20;
                await().atMost(Duration.ofSeconds(5)).until(() -> engine.tickStats().ticks() == due);
            }
            await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> engine.tickStats().ticks() == 10);
            stepped.clock.advanceMillis(10);
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.tickStats().ticks() == 11);

            stepped.clock.advanceMillis(1_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.tickStats().skippedTicks() > 0);
            TickStats stats = engine.tickStats();
            assertThat(stats.skippedTicks()).as("50 deadlines passed during the stall").isEqualTo(49);
            assertThat(stats.lateTicks()).as("the tick after the stall runs on its (moved) deadline").isZero();
            assertThat(stats.ticks()).isEqualTo(12);
        }
    }
}
