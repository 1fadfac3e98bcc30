package dev.switchboard.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The nearest-rank definition on inputs small enough to check by hand. */
class PercentilesTest {

    @Test
    void oneToTen() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 10).toArray());
        assertThat(p).isEqualTo(new Percentiles(10, 1, 5, 9, 10, 10, 5.5, 9, 10));
    }

    @Test
    void oneToHundredInAnyOrder() {
        long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();
        assertThat(LongStream.of(shuffled).distinct().count()).isEqualTo(100);
        Percentiles p = Percentiles.of(shuffled);
        assertThat(p).isEqualTo(new Percentiles(100, 1, 50, 90, 99, 100, 50.5, 97, 100));
    }

    @Test
    void ranksRoundUpAndStayInRange() {
        // 2 samples: p50 is rank 1, p90 and p99 rank 2.
        assertThat(Percentiles.of(7, 3)).isEqualTo(new Percentiles(2, 3, 3, 7, 7, 7, 5.0, 3, 7));
        // 3 samples: p50 = ceil(1.5) = rank 2.
        assertThat(Percentiles.of(30, 10, 20).p50()).isEqualTo(20);
        assertThat(Percentiles.rank(1000, 99)).isEqualTo(990);
        assertThat(Percentiles.rank(1001, 99)).isEqualTo(991);
        assertThat(Percentiles.rank(5, 0.001)).isEqualTo(1);
        assertThat(Percentiles.rank(5, 100)).isEqualTo(5);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        assertThat(Percentiles.of(42)).isEqualTo(new Percentiles(1, 42, 42, 42, 42, 42, 42.0, 42, 42));
    }

    @Test
    void repeatedValues() {
        // 90 samples of 1 ms and 10 of 100 ms: p90 is still 1 ms (rank 90), p99 is 100 ms.
        long[] samples = LongStream.concat(LongStream.generate(() -> 1_000_000).limit(90),
                LongStream.generate(() -> 100_000_000).limit(10)).toArray();
        Percentiles p = Percentiles.of(samples);
        assertThat(p.p50()).isEqualTo(1_000_000);
        assertThat(p.p90()).isEqualTo(1_000_000);
        assertThat(p.p99()).isEqualTo(100_000_000);
    }

    @Test
    void empty() {
        assertThat(Percentiles.of()).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.EMPTY.isEmpty()).isTrue();
        assertThat(Percentiles.EMPTY.toString()).isEqualTo("n=0");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Percentiles.of(5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(10, 100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(3, 5, 4, 6, 7, 8, 6, 7, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theP99sIntervalIsTheBinomialRangeOfRanksAroundIt() {
        // 641 operations, as under load: 634.6 expected at or below the true p99, give or take 1.96 × 2.52.
        assertThat(Percentiles.p99Ranks(641)).containsExactly(629, 641);
        assertThat(Percentiles.p99Ranks(1000)).containsExactly(983, 998);
        assertThat(Percentiles.p99Ranks(100_000)).containsExactly(98_938, 99_063);
        assertThat(Percentiles.p99Ranks(1)).containsExactly(1, 1);

        long[] samples = java.util.stream.LongStream.rangeClosed(1, 1000).toArray();
        Percentiles p = Percentiles.of(samples);
        assertThat(p.p99Low()).isEqualTo(983);
        assertThat(p.p99()).isEqualTo(990);
        assertThat(p.p99High()).isEqualTo(998);
        assertThatThrownBy(() -> new Percentiles(3, 5, 6, 6, 7, 8, 6, 8, 8)).as("p99 below its interval")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsMilliseconds() {
        assertThat(Percentiles.of(1_234_567, 2_000_000).toString())
                .isEqualTo("n=2 p50=1.235 ms p90=2.000 ms p99=2.000 ms max=2.000 ms mean=1.617 ms");
    }
}
