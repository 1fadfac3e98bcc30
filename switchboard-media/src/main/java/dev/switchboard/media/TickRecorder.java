package dev.switchboard.media;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The ticker's health, preallocated: wall duration and CPU time of each tick in two histograms, late and skipped
 * ticks. On a shared machine the two durations tell apart "the tick had too much work" (CPU) from "the tick waited
 * for a core" (wall minus CPU). Written only by the ticker; a reset is requested by readers and done by the ticker.
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

    long ticks() {
        return ticks;
    }

    TickStats snapshot(long eventsDropped) {
        long[] wallPercentiles = wall.percentilesMicros(0.50, 0.99);
        long[] cpuPercentiles = cpu.percentilesMicros(0.50, 0.99);
        return new TickStats(ticks, wallPercentiles[0], wallPercentiles[1], wall.maxMicros(), cpuPercentiles[0], cpuPercentiles[1],
                lateTicks, skippedTicks, eventsDropped);
    }
}
