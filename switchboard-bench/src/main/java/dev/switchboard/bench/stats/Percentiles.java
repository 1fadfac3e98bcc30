package dev.switchboard.bench.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * A summary of latency samples in nanoseconds: count, min, p50, p90, p99, max and mean.
 *
 * <p><b>Definition (nearest rank).</b> The p-th percentile of n samples is the smallest sample {@code v} such that at
 * least p % of the samples are {@code <= v}: the sample of rank {@code ceil(p / 100 * n)} (at least 1) in ascending
 * order. It is always one of the samples, never an interpolation; p100 is the max. Of 1, 2, …, 10: p50 = 5, p90 = 9,
 * p99 = 10. {@link #of(long...)} computes it exactly; a {@link LatencyRecorder} computes it from a histogram with the
 * error bound documented there.
 *
 * <p>An empty summary has {@code count == 0} and every other figure 0.
 *
 * @param mean the arithmetic mean, exact in both cases
 */
public record Percentiles(long count, long min, long p50, long p90, long p99, long max, double mean) {

    /** The summary of no samples. */
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);

    public Percentiles {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        if (count > 0 && !(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max)) {
            throw new IllegalArgumentException("Not ordered: min " + min + ", p50 " + p50 + ", p90 " + p90 + ", p99 " + p99 + ", max "
                    + max);
        }
    }

    /** The exact nearest-rank summary of {@code samples} (nanoseconds, none negative); sorts a copy. */
    public static Percentiles of(long... samples) {
        if (samples.length == 0) {
            return EMPTY;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("Negative sample " + sorted[0]);
        }
        double sum = 0;
        for (long sample : sorted) {
            sum += sample;
        }
        return new Percentiles(sorted.length, sorted[0], nearestRank(sorted, 50), nearestRank(sorted, 90), nearestRank(sorted, 99),
                sorted[sorted.length - 1], sum / sorted.length);
    }

    /** The nearest-rank p-th percentile of ascending {@code sorted} (not empty), for 0 &lt; p &lt;= 100. */
    public static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("No samples");
        }
        return sorted[(int) (rank(sorted.length, percentile) - 1)];
    }

    /** The 1-based rank of the nearest-rank p-th percentile among {@code count} samples: {@code max(1, ceil(p/100 * count))}. */
    public static long rank(long count, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("A percentile is in (0, 100], not " + percentile);
        }
        // Exact for the usual percentiles: p * count / 100 in that order keeps 99 * 100 / 100 at 99, not 99.00000000000001.
        long rank = (long) Math.ceil(percentile * count / 100.0);
        return Math.max(1, Math.min(count, rank));
    }

    /** Whether there were no samples. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** For example {@code n=1000 p50=1.234 ms p90=… p99=… max=… mean=…}, in milliseconds with 3 decimals. */
    @Override
    public String toString() {
        if (count == 0) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%d p50=%s p90=%s p99=%s max=%s mean=%s", count, millis(p50), millis(p90), millis(p99),
                millis(max), millis(mean));
    }

    /** Nanoseconds as milliseconds with 3 decimals and the unit, e.g. {@code 1.234 ms}. */
    public static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
    }
}
