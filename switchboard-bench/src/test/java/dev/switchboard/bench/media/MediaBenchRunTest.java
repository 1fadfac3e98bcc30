package dev.switchboard.bench.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A step's tick percentiles from the differences of the server's cumulative tick buckets, and the report's row. */
class MediaBenchRunTest {

    @Test
    void aQuantileIsTheUpperEdgeOfTheFirstLimitHoldingIt() {
        // Ticks below 0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20 ms, of 1,000 in the window.
        long[] below = {100, 600, 980, 990, 995, 999, 1000, 1000, 1000, 1000, 1000};
        assertThat(MediaBenchRun.quantile(below, 1000, 0.50)).isEqualTo(0.5);
        assertThat(MediaBenchRun.quantile(below, 1000, 0.99)).isEqualTo(2.0);
        assertThat(MediaBenchRun.quantile(below, 1000, 1.0)).isEqualTo(5.0);
        // Two ticks of 20 ms or more: the maximum is beyond every limit.
        assertThat(MediaBenchRun.quantile(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 998}, 1000, 1.0)).isEqualTo(-1);
    }

    @Test
    void theTableHasARowPerStep() {
        MediaStep step = new MediaStep(10, 10, 10, 30, 1500, 1499, 0.5, 1.0, 4.0, 29.5, 0, 6, 6, 2, 50, 0, false);
        String table = MediaStep.table(List.of(step, new MediaStep(20, 19, 19, 57, 2850, 2850, 1, -1, -1, 31, 3, 50, 20, 10,
                60, 1, true)));
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().skip(2).findFirst().orElseThrow()).isEqualTo(
                "| 10 | 10 | 10 | 30 | 1500 | 1499 | ≤ 0.50 ms | ≤ 1.00 ms | < 4.00 ms | 29.50 ms | 0 | 6% | 6% | 2% | 50 | 0 |  |");
        assertThat(table).contains("| ≥ 20 ms | ≥ 20 ms |", "SATURATED");
    }
}
