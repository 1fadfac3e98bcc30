package dev.switchboard.bench.stats;

import java.util.Arrays;

/**
 * Records latency samples in nanoseconds in bounded memory and answers nearest-rank percentiles (see
 * {@link Percentiles} for the definition) with a bounded relative error.
 *
 * <p><b>Histogram.</b> A log-linear histogram, like HdrHistogram with 3 significant decimal digits: a value below
 * {@value #EXACT_BELOW} ns has a bucket of its own, and each power-of-two range [2<sup>m</sup>, 2<sup>m+1</sup>) above
 * is split into {@value #SUB_BUCKETS} equal buckets of width 2<sup>m-10</sup>. Memory is at most about 440 KB however
 * many samples are recorded (2,048 + 52 × 1,024 counters), and only the ranges actually hit are allocated: samples
 * from 1 µs to 10 s take about 200 KB.
 *
 * <p><b>Error.</b> Count, min, max and mean are exact. A percentile is exact when the sample of that rank is below
 * {@value #EXACT_BELOW} ns; above, it is reported as the upper end of the sample's bucket (never above the max), so it
 * is never below the exact nearest-rank value and exceeds it by less than {@link #RELATIVE_ERROR} (1/1024, under 0.1 %)
 * of it.
 *
 * <p>Thread-safe: every method locks the recorder, so client callback threads may record into one shared recorder;
 * recorders filled apart (one per thread, one per step) can be {@link #merge merged}.
 */
public final class LatencyRecorder {
    /** Samples below this many nanoseconds are counted exactly, one bucket per value. */
    public static final int EXACT_BELOW = 2048;
    /** Buckets per power-of-two range above {@link #EXACT_BELOW}. */
    public static final int SUB_BUCKETS = 1024;
    /** The largest relative error of a reported percentile: 1 / {@link #SUB_BUCKETS}. */
    public static final double RELATIVE_ERROR = 1.0 / SUB_BUCKETS;

    private static final int SUB_BITS = 10;
    private static final int FIRST_RANGE = 11;
    private static final int RANGES = 63 - FIRST_RANGE;

    private final long[] exact = new long[EXACT_BELOW];
    /** ranges[m - 11][k]: the samples in [2^m + k * 2^(m-10), 2^m + (k+1) * 2^(m-10)), allocated when first hit. */
    private final long[][] ranges = new long[RANGES][];
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Records one sample of {@code nanos} nanoseconds; a negative sample is a bug of the caller and is refused. */
    public synchronized void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("A latency is not negative: " + nanos + " ns");
        }
        if (nanos < EXACT_BELOW) {
            exact[(int) nanos]++;
        } else {
            int magnitude = 63 - Long.numberOfLeadingZeros(nanos);
            int shift = magnitude - SUB_BITS;
            long[] range = ranges[magnitude - FIRST_RANGE];
            if (range == null) {
                range = new long[SUB_BUCKETS];
                ranges[magnitude - FIRST_RANGE] = range;
            }
            range[(int) (nanos >>> shift) - SUB_BUCKETS]++;
        }
        count++;
        sum += nanos;
        min = Math.min(min, nanos);
        max = Math.max(max, nanos);
    }

    /** Adds every sample of {@code other} to this recorder; {@code other} is left as it was. */
    public void merge(LatencyRecorder other) {
        long[] otherExact;
        long[][] otherRanges = new long[RANGES][];
        long otherCount;
        long otherSum;
        long otherMin;
        long otherMax;
        synchronized (other) {
            otherExact = other.exact.clone();
            for (int r = 0; r < RANGES; r++) {
                otherRanges[r] = other.ranges[r] == null ? null : other.ranges[r].clone();
            }
            otherCount = other.count;
            otherSum = other.sum;
            otherMin = other.min;
            otherMax = other.max;
        }
        synchronized (this) {
            for (int i = 0; i < EXACT_BELOW; i++) {
                exact[i] += otherExact[i];
            }
            for (int r = 0; r < RANGES; r++) {
                if (otherRanges[r] != null) {
                    if (ranges[r] == null) {
                        ranges[r] = otherRanges[r];
                    } else {
                        for (int k = 0; k < SUB_BUCKETS; k++) {
                            ranges[r][k] += otherRanges[r][k];
                        }
                    }
                }
            }
            count += otherCount;
            sum += otherSum;
            min = Math.min(min, otherMin);
            max = Math.max(max, otherMax);
        }
    }

    /** Forgets every sample. */
    public synchronized void reset() {
        Arrays.fill(exact, 0);
        Arrays.fill(ranges, null);
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }

    public synchronized long count() {
        return count;
    }

    /** The smallest sample, exact; 0 when there is none. */
    public synchronized long min() {
        return count == 0 ? 0 : min;
    }

    /** The largest sample, exact; 0 when there is none. */
    public synchronized long max() {
        return count == 0 ? 0 : max;
    }

    /** The mean of the samples, exact (up to a total of 2<sup>63</sup> ns); 0 when there is none. */
    public synchronized double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The nearest-rank {@code percentile}-th percentile (0 &lt; p &lt;= 100), within the error documented above.
     *
     * @throws IllegalStateException when nothing was recorded
     */
    public synchronized long valueAt(double percentile) {
        if (count == 0) {
            throw new IllegalStateException("No samples recorded");
        }
        return valueOfRank(Percentiles.rank(count, percentile));
    }

    /** The sample of 1-based {@code rank} in ascending order, within the error documented above. */
    private long valueOfRank(long rank) {
        long seen = 0;
        for (int value = 0; value < EXACT_BELOW; value++) {
            seen += exact[value];
            if (seen >= rank) {
                return value;
            }
        }
        for (int r = 0; r < RANGES; r++) {
            long[] range = ranges[r];
            if (range == null) {
                continue;
            }
            int shift = r + FIRST_RANGE - SUB_BITS;
            for (int k = 0; k < SUB_BUCKETS; k++) {
                seen += range[k];
                if (seen >= rank) {
                    long upper = ((long) (SUB_BUCKETS + k) << shift) + (1L << shift) - 1;
                    return Math.min(upper, max);
                }
            }
        }
        throw new IllegalStateException("Counts do not add up to " + count);
    }

    /** Count, min, p50, p90, p99, max and mean; {@link Percentiles#EMPTY} when nothing was recorded. */
    public synchronized Percentiles percentiles() {
        if (count == 0) {
            return Percentiles.EMPTY;
        }
        long[] interval = Percentiles.p99Ranks(count);
        return new Percentiles(count, min, valueAt(50), valueAt(90), valueAt(99), max, mean(), valueOfRank(interval[0]),
                valueOfRank(interval[1]));
    }

    @Override
    public synchronized String toString() {
        return "LatencyRecorder[" + percentiles() + "]";
    }
}
