package dev.switchboard.server.journal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small log-linear histogram of durations in nanoseconds: 8 buckets per power of two, so a percentile is reported
 * at most 12.5% above the true value, in 4 KiB of counters and without allocating. One thread records (the writer);
 * any thread may read, and sees a count at most one sample behind.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int BUCKETS = SUB_BUCKETS + (63 - SUB_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile long count;
    private volatile long totalNanos;
    private volatile long maxNanos;

    /** Adds one duration; only ever called by one thread. */
    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(index(value));
        totalNanos += value;
        if (value > maxNanos) {
            maxNanos = value;
        }
        count++;
    }

    long count() {
        return count;
    }

    long totalNanos() {
        return totalNanos;
    }

    long maxNanos() {
        return maxNanos;
    }

    /**
     * @param quantile between 0 and 1, e.g. 0.99
     * @return the upper bound of the bucket holding that quantile (capped at the maximum seen), 0 when empty
     */
    long percentile(double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), maxNanos);
            }
        }
        return maxNanos;
    }

    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        long sub = index % SUB_BUCKETS;
        long lower = (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
        long width = 1L << (exponent - SUB_BITS);
        return lower + width - 1;
    }
}
