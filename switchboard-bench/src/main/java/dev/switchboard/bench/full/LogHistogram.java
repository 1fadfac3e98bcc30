package dev.switchboard.bench.full;

import java.util.Arrays;

/**
 * A coarse latency histogram for the report's plot: bucket {@code i} counts the samples at most {@link #UPPER_MILLIS}
 * [i] milliseconds (and above the bucket before); the last bucket counts everything above the largest bound.
 */
public final class LogHistogram {
    /** Upper bounds of the buckets, in milliseconds (1-2-5 steps). */
    public static final double[] UPPER_MILLIS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    private final long[] counts = new long[UPPER_MILLIS.length + 1];

    public synchronized void record(long nanos) {
        double millis = nanos / 1e6;
        int i = 0;
        while (i < UPPER_MILLIS.length && millis > UPPER_MILLIS[i]) {
            i++;
        }
        counts[i]++;
    }

    /** A copy of the counts, one more than there are bounds. */
    public synchronized long[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    /** The label of bucket {@code i}, e.g. {@code ≤2 ms} or {@code >5000 ms}. */
    public static String label(int i) {
        if (i < UPPER_MILLIS.length) {
            return "\u2264" + format(UPPER_MILLIS[i]) + " ms";
        }
        return ">" + format(UPPER_MILLIS[UPPER_MILLIS.length - 1]) + " ms";
    }

    private static String format(double millis) {
        return millis == Math.rint(millis) ? String.valueOf((long) millis) : String.valueOf(millis);
    }
}
