package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TickHistogram}'s cumulative counts below limits, as the server's metrics expose them. */
class TickHistogramTest {

    @Test
    void countsTheBucketsWhollyBelowEachLimit() {
        TickHistogram histogram = new TickHistogram();
        histogram.record(5_000);        // 5 µs: bucket [0, 10 µs)
        histogram.record(995_000);      // 995 µs: bucket [990, 1000 µs)
        histogram.record(1_000_000);    // 1 ms: bucket [1000, 1010 µs)
        histogram.record(4_999_000);    // just under 5 ms
        histogram.record(30_000_000);   // 30 ms: the overflow bucket
        long[] merged = TickHistogram.newCounts();
        histogram.addTo(merged);

        assertThat(TickHistogram.countsBelow(merged, 0, 10, 1_000, 1_010, 5_000, 19_990, 20_000))
                .containsExactly(0, 1, 2, 3, 4, 4, 5);
    }
}
