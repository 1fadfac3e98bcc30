package dev.switchboard.media;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations in 10 µs buckets up to 20 ms (one overflow bucket beyond), preallocated: recording is an array
 * increment on the ticker thread; percentiles are computed by whoever reads, over the merged counts of all
 * tickers. A reset is requested by readers and done by the ticker, so there is one writer.
 */
final class TickHistogram {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 2000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private volatile long maxNanos;

    /** Ticker. */
    void record(long durationNanos) {
        int bucket = (int) Math.min(BUCKETS, Math.max(0, durationNanos) / BUCKET_NANOS);
        counts.incrementAndGet(bucket);
        if (durationNanos > maxNanos) {
            maxNanos = durationNanos;
        }
    }

    /** Ticker. */
    void clear() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
        maxNanos = 0;
    }

    long maxNanos() {
        return maxNanos;
    }

    /** Adds this histogram's counts into {@code totals} (one entry per bucket: {@link #newCounts()}); for readers. */
    void addTo(long[] totals) {
        for (int i = 0; i <= BUCKETS; i++) {
            totals[i] += counts.get(i);
        }
    }

    /** An empty array of bucket counts, to merge histograms into. */
    static long[] newCounts() {
        return new long[BUCKETS + 1];
    }

    /**
     * For each limit (µs), the count of merged {@code buckets} wholly below it: the buckets whose upper edge is at most
     * the limit; a limit at or beyond the last edge counts every bucket, the overflow one included.
     */
    static long[] countsBelow(long[] buckets, long... limitsMicros) {
        long[] result = new long[limitsMicros.length];
        for (int l = 0; l < limitsMicros.length; l++) {
            long limitNanos = limitsMicros[l] * 1000;
            int whole = limitNanos >= BUCKETS * BUCKET_NANOS ? buckets.length : (int) (Math.max(0, limitNanos) / BUCKET_NANOS);
            long count = 0;
            for (int i = 0; i < whole; i++) {
                count += buckets[i];
            }
            result[l] = count;
        }
        return result;
    }

    /** The upper edge, in µs, of the bucket holding each quantile of merged {@code buckets}. */
    static long[] percentilesMicros(long[] buckets, double... quantiles) {
        long total = 0;
        for (long count : buckets) {
            total += count;
        }
        long[] result = new long[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            result[q] = percentileMicros(buckets, total, quantiles[q]);
        }
        return result;
    }

    private static long percentileMicros(long[] buckets, long total, double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * quantile);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1000;
            }
        }
        return buckets.length * BUCKET_NANOS / 1000;
    }
}
