package dev.switchboard.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/**
 * The histogram against the exact nearest-rank definition: equal below {@value LatencyRecorder#EXACT_BELOW} ns, and
 * above never lower and at most {@link LatencyRecorder#RELATIVE_ERROR} higher.
 */
class LatencyRecorderTest {

    private static LatencyRecorder recorded(long... samples) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long sample : samples) {
            recorder.record(sample);
        }
        return recorder;
    }

    @Test
    void exactOnSmallKnownInputs() {
        assertThat(recorded(LongStream.rangeClosed(1, 10).toArray()).percentiles())
                .isEqualTo(new Percentiles(10, 1, 5, 9, 10, 10, 5.5, 9, 10));
        assertThat(recorded(LongStream.rangeClosed(1, 100).toArray()).percentiles())
                .isEqualTo(new Percentiles(100, 1, 50, 90, 99, 100, 50.5, 97, 100));
        long[] small = {0, 2047, 5, 5, 5, 1000, 3};
        assertThat(recorded(small).percentiles()).isEqualTo(Percentiles.of(small));
    }

    @Test
    void exactEverywhereBelowTheLimit() {
        SplittableRandom random = new SplittableRandom(1);
        long[] samples = random.longs(5000, 0, LatencyRecorder.EXACT_BELOW).toArray();
        LatencyRecorder recorder = recorded(samples);
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (double p : new double[] {0.1, 1, 25, 50, 75, 90, 99, 99.9, 100}) {
            assertThat(recorder.valueAt(p)).as("p%s", p).isEqualTo(Percentiles.nearestRank(sorted, p));
        }
    }

    @Test
    void minMaxCountAndMeanAreExactForLargeValues() {
        long[] samples = {3_000_001, 12_345_678_901L, 4_096, 2_049, 987_654_321};
        LatencyRecorder recorder = recorded(samples);
        Percentiles exact = Percentiles.of(samples);
        assertThat(recorder.count()).isEqualTo(5);
        assertThat(recorder.min()).isEqualTo(2_049);
        assertThat(recorder.max()).isEqualTo(12_345_678_901L);
        assertThat(recorder.mean()).isEqualTo(exact.mean());
        // p99 and p100 are the max, exactly (clamped to it).
        assertThat(recorder.valueAt(99)).isEqualTo(12_345_678_901L);
        assertThat(recorder.valueAt(100)).isEqualTo(12_345_678_901L);
    }

    @Test
    void aboveTheLimitNeverLowAndWithinTheRelativeError() {
        SplittableRandom random = new SplittableRandom(42);
        // Log-uniform from 1 µs to 10 s: every range of the histogram that latencies use.
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.exp(random.nextDouble(Math.log(1_000), Math.log(10_000_000_000L)));
        }
        LatencyRecorder recorder = recorded(samples);
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (double p = 0.5; p <= 100; p += 0.5) {
            long exact = Percentiles.nearestRank(sorted, p);
            long reported = recorder.valueAt(p);
            assertThat(reported).as("p%s", p).isGreaterThanOrEqualTo(exact);
            assertThat((double) (reported - exact)).as("p%s of %s", p, exact).isLessThan(exact * LatencyRecorder.RELATIVE_ERROR);
        }
    }

    @Test
    void bucketEdges() {
        // 2048 = 2^11 starts the first range, whose buckets are 2 ns wide: 2048 and 2049 share one.
        LatencyRecorder recorder = recorded(2048, 2049, 5000);
        assertThat(recorder.valueAt(1)).isEqualTo(2049);
        // 4096 = 2^12: buckets 4 ns wide; the upper end 4099 is clamped to the max.
        assertThat(recorded(4096, 4097).valueAt(50)).isEqualTo(4097);
        assertThat(recorded(4096, 4097, 9000).valueAt(50)).isEqualTo(4099);
        // The largest long still lands in a bucket, and is reported exactly as the max.
        assertThat(recorded(Long.MAX_VALUE).valueAt(50)).isEqualTo(Long.MAX_VALUE);
        assertThat(recorded(1L << 62, Long.MAX_VALUE).valueAt(50)).isEqualTo((1L << 62) + (1L << 52) - 1);
    }

    @Test
    void mergeEqualsRecordingEverythingInOne() {
        SplittableRandom random = new SplittableRandom(7);
        long[] first = random.longs(3000, 0, 50_000_000).toArray();
        long[] second = random.longs(2000, 1_000, 5_000).toArray();
        LatencyRecorder a = recorded(first);
        LatencyRecorder b = recorded(second);
        LatencyRecorder all = recorded(LongStream.concat(LongStream.of(first), LongStream.of(second)).toArray());

        a.merge(b);
        assertThat(a.percentiles()).isEqualTo(all.percentiles());
        for (double p = 1; p <= 100; p += 1) {
            assertThat(a.valueAt(p)).isEqualTo(all.valueAt(p));
        }
        // The merged-in recorder is unchanged, and no array is shared: recording into it does not change a.
        assertThat(b.percentiles()).isEqualTo(recorded(second).percentiles());
        b.record(60_000_000);
        assertThat(a.percentiles()).isEqualTo(all.percentiles());
    }

    @Test
    void mergingEmptyRecorders() {
        LatencyRecorder a = new LatencyRecorder();
        a.merge(new LatencyRecorder());
        assertThat(a.percentiles()).isEqualTo(Percentiles.EMPTY);
        a.merge(recorded(10, 20));
        assertThat(a.percentiles()).isEqualTo(Percentiles.of(10, 20));
    }

    @Test
    void emptyAndReset() {
        LatencyRecorder recorder = new LatencyRecorder();
        assertThat(recorder.percentiles()).isEqualTo(Percentiles.EMPTY);
        assertThat(recorder.min()).isZero();
        assertThat(recorder.max()).isZero();
        assertThat(recorder.mean()).isZero();
        assertThatThrownBy(() -> recorder.valueAt(50)).isInstanceOf(IllegalStateException.class);

        recorder.record(5);
        recorder.record(5_000_000);
        recorder.reset();
        assertThat(recorder.count()).isZero();
        recorder.record(7);
        assertThat(recorder.percentiles()).isEqualTo(Percentiles.of(7));
    }

    @Test
    void refusesNegativeSamples() {
        LatencyRecorder recorder = new LatencyRecorder();
        assertThatThrownBy(() -> recorder.record(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.count()).isZero();
    }

    @Test
    void recordsFromManyThreads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            long offset = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recorder.record(offset * 1_000_000 + i);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(recorder.count()).isEqualTo(40_000);
        assertThat(recorder.min()).isZero();
        assertThat(recorder.max()).isEqualTo(3_009_999);
    }
}
