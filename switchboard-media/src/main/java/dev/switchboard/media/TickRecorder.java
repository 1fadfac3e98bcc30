package dev.switchboard.media;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * One ticker's health, preallocated: wall duration and CPU time of each tick in two histograms, late and skipped
 * ticks. On a shared machine the two durations tell apart "the tick had too much work" (CPU) from "the tick waited
 * for a core" (wall minus CPU). Written only by its ticker; a reset is requested by readers and done by the ticker.
 * Readers merge the recorders of all tickers ({@link #merge}).
 */
final class TickRecorder {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
    private final TickHistogram wall = new TickHistogram();
    private final TickHistogram cpu = new TickHistogram();
    private volatile long ticks;
    private volatile long lateTicks;
    private volatile long skippedTicks;
    private volatile boolean resetRequested;

    /** Ticker: the thread's CPU clock now (0 if the JVM has none). */
    long cpuNow() {
        return cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** Ticker: one tick took {@code wallNanos} ({@code cpuNanos} on the CPU); {@code late} if it started late. */
    void record(long wallNanos, long cpuNanos, boolean late) {
        if (resetRequested) {
            wall.clear();
            cpu.clear();
            ticks = 0;
            lateTicks = 0;
            skippedTicks = 0;
            resetRequested = false;
        }
        wall.record(wallNanos);
        cpu.record(cpuNanos);
        ticks++;
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

    /** Adds this ticker's wall-duration bucket counts into {@code totals}; for readers. */
    void addWallCounts(long[] totals) {
        wall.addTo(totals);
    }

    long ticks() {
        return ticks;
    }

    /**
     * The tick statistics of several tickers as one: percentiles and maximum over every tick of every ticker; ticks
     * counts the ticks every ticker has run (the least of them), so "tick n has run" means in every room; late and
     * skipped ticks are summed over the tickers.
     */
    static TickStats merge(List<TickRecorder> recorders, long eventsDropped) {
        long[] wallCounts = TickHistogram.newCounts();
        long[] cpuCounts = TickHistogram.newCounts();
        long ticks = Long.MAX_VALUE;
        long late = 0;
        long skipped = 0;
        long maxNanos = 0;
        for (TickRecorder recorder : recorders) {
            // Counters first: a tick recorded while we read shows in the histograms, never the reverse.
            ticks = Math.min(ticks, recorder.ticks);
            late += recorder.lateTicks;
            skipped += recorder.skippedTicks;
            recorder.wall.addTo(wallCounts);
            recorder.cpu.addTo(cpuCounts);
            maxNanos = Math.max(maxNanos, recorder.wall.maxNanos());
        }
        long[] wallPercentiles = TickHistogram.percentilesMicros(wallCounts, 0.50, 0.99);
        long[] cpuPercentiles = TickHistogram.percentilesMicros(cpuCounts, 0.50, 0.99);
        return new TickStats(recorders.isEmpty() ? 0 : ticks, wallPercentiles[0], wallPercentiles[1], maxNanos / 1000,
                cpuPercentiles[0], cpuPercentiles[1], late, skipped, eventsDropped);
    }
}
