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
 * <p><b>How sure a p99 is.</b> {@code p99Low} and {@code p99High} bound a 95 % confidence interval of the
 * distribution's true 99th percentile, free of any assumption on its shape: the samples of ranks {@link #p99Ranks}
 * around the p99's own. With 641 samples that is the 13th slowest to the slowest; with 1,000, the 18th to the 3rd: a
 * p99 of a thousand operations is a handful of moments, and two runs' p99s differ by about that much.
 *
 * <p>An empty summary has {@code count == 0} and every other figure 0.
 *
 * @param mean    the arithmetic mean, exact in both cases
 * @param p99Low  the lower end of the p99's 95 % interval (a sample)
 * @param p99High the upper end of the p99's 95 % interval (a sample; the max when too few samples reach further)
 */
public record Percentiles(long count, long min, long p50, long p90, long p99, long max, double mean, long p99Low, long p99High) {

    /** The summary of no samples. */
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The normal quantile of a two-sided 95 % interval. */
    private static final double Z_95 = 1.959964;

    public Percentiles {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        if (count > 0 && !(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max)) {
            throw new IllegalArgumentException("Not ordered: min " + min + ", p50 " + p50 + ", p90 " + p90 + ", p99 " + p99 + ", max "
                    + max);
        }
        if (count > 0 && !(min <= p99Low && p99Low <= p99 && p99 <= p99High && p99High <= max)) {
            throw new IllegalArgumentException("p99 " + p99 + " outside its interval [" + p99Low + ", " + p99High + "]");
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
        long[] interval = p99Ranks(sorted.length);
        return new Percentiles(sorted.length, sorted[0], nearestRank(sorted, 50), nearestRank(sorted, 90), nearestRank(sorted, 99),
                sorted[sorted.length - 1], sum / sorted.length, sorted[(int) interval[0] - 1], sorted[(int) interval[1] - 1]);
    }

    /**
     * The 1-based ranks, among {@code count} samples, of the ends of the p99's 95 % interval: how many samples fall at
     * or below the true 99th percentile is binomial (count, 0.99), and the interval takes that count's 95 % range (normal
     * approximation, widened to whole ranks), clamped to the samples there are, and always holding the p99's own rank.
     */
    public static long[] p99Ranks(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("No samples");
        }
        double expected = 0.99 * count;
        double spread = Z_95 * Math.sqrt(count * 0.99 * 0.01);
        long own = rank(count, 99);
        long low = Math.max(1, Math.min(own, (long) Math.floor(expected - spread)));
        long high = Math.min(count, Math.max(own, (long) Math.ceil(expected + spread) + 1));
        return new long[] {low, high};
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
