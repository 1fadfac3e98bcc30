package dev.switchboard.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void countsAndSumsFromAnInstantOnTheEntriesAtOrAfterIt() {
        Timeline timeline = new Timeline();
        timeline.add(at(0), 10);
        timeline.add(at(1000), 20);
        timeline.add(at(2000), 30);
        timeline.add(at(2000), 5);

        assertThat(timeline.count(at(1000))).isEqualTo(3);
        assertThat(timeline.count(at(1001))).isEqualTo(2);
        assertThat(timeline.count(at(2001))).isZero();
        assertThat(timeline.sum(at(0))).isEqualTo(65);
        assertThat(timeline.sum(at(1000))).isEqualTo(55);
        assertThat(timeline.countWithin(at(0), 20)).isEqualTo(3);
        assertThat(timeline.countWithin(at(1000), 19)).isEqualTo(1);
        assertThat(timeline.oldestFrom(at(1)).orElseThrow()).isEqualTo(at(1000));
        assertThat(timeline.oldestFrom(at(2001))).isEmpty();
    }

    @Test
    void keepsNanosecondsExactlyAtTheEdgeOfAWindow() {
        Timeline timeline = new Timeline();
        Instant edge = T0.plusNanos(1);
        timeline.add(edge, 7);

        assertThat(timeline.count(edge)).isEqualTo(1);
        assertThat(timeline.count(edge.plusNanos(1))).isZero();
        assertThat(timeline.oldestFrom(T0).orElseThrow()).isEqualTo(edge);
    }

    @Test
    void pruningForgetsTheOlderEntriesAndTheRingWrapsAndGrowsWithoutLosingOrder() {
        Timeline timeline = new Timeline();
        long next = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 13; i++) {
                timeline.add(at(next), next);
                next++;
            }
            timeline.prune(at(next - 4));
            assertThat(timeline.count(T0)).isEqualTo(4);
            assertThat(timeline.oldestFrom(T0).orElseThrow()).isEqualTo(at(next - 4));
        }
        for (int i = 0; i < 100; i++) {
            timeline.add(at(next), next);
            next++;
        }
        assertThat(timeline.count(T0)).isEqualTo(104);
        assertThat(timeline.sum(at(next - 2))).isEqualTo((next - 2) + (next - 1));
        timeline.prune(at(next));
        assertThat(timeline.count(T0)).isZero();
        assertThat(timeline.oldestFrom(T0)).isEmpty();
    }

    @Test
    void anEntryStampedBeforeTheLastOneCountsAtTheLastOnesInstant() {
        Timeline timeline = new Timeline();
        timeline.add(at(1000), 1);
        timeline.add(at(999), 2);

        assertThat(timeline.count(at(1000))).isEqualTo(2);
        assertThat(timeline.oldestFrom(at(1000)).orElseThrow()).isEqualTo(at(1000));
    }
}
