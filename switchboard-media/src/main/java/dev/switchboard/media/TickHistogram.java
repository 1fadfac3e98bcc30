package dev.switchboard.media;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tick durations in 10 µs buckets up to 20 ms (one overflow bucket beyond), preallocated: recording is an array
 * increment on the ticker thread; percentiles are computed by whoever reads. Reset is requested by readers and
 * done by the ticker, so there is one writer.
 */
final class TickHistogram {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 2000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private volatile long ticks;
    private volatile long maxNanos;
    private volatile long lateTicks;
    private volatile long skippedTicks;
    private volatile boolean resetRequested;

    /** Ticker: one tick took {@code durationNanos} and started {@code latenessNanos} after its deadline. */
    void record(long durationNanos, boolean late) {
        if (resetRequested) {
            for (int i = 0; i <= BUCKETS; i++) {
                counts.set(i, 0);
            }
            ticks = 0;
            maxNanos = 0;
            lateTicks = 0;
            skippedTicks = 0;
            resetRequested = false;
        }
        int bucket = (int) Math.min(BUCKETS, durationNanos / BUCKET_NANOS);
        counts.incrementAndGet(bucket);
        ticks++;
        if (durationNanos > maxNanos) {
            maxNanos = durationNanos;
        }
        if (late) {
            lateTicks++;
        }
    }

    /** Ticker: ticks given up to catch up after a stall. */
    void skipped(long count) {
        skippedTicks += count;
    }

    void requestReset() {
        resetRequested = true;
    }

    TickStats snapshot(long eventsDropped) {
        long[] copy = new long[BUCKETS + 1];
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        return new TickStats(ticks, percentileMicros(copy, total, 0.50), percentileMicros(copy, total, 0.99), maxNanos / 1000,
                lateTicks, skippedTicks, eventsDropped);
    }

    /** The upper edge of the bucket holding the percentile. */
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
