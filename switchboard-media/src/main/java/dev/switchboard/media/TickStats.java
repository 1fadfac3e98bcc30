package dev.switchboard.media;

/**
 * The ticker's health since start (or the last {@link MediaEngine#resetTickStats()}); durations are the work of
 * one tick for all rooms, in microseconds, with 10 µs resolution up to 20 ms; a percentile at or beyond 20 ms reads
 * 20,010 (the overflow bucket), the maximum is exact.
 *
 * @param ticks          ticks run
 * @param p50Micros      median tick duration, wall clock
 * @param p99Micros      99th percentile tick duration, wall clock
 * @param maxMicros      longest tick, wall clock
 * @param cpuP50Micros   median CPU time of a tick (wall minus CPU is time spent waiting for a core)
 * @param cpuP99Micros   99th percentile CPU time of a tick
 * @param lateTicks      ticks that started more than half a frame (10 ms) after their deadline
 * @param skippedTicks   ticks not run at all because the ticker fell more than 5 frames behind
 * @param eventsDropped  listener events dropped because the I/O thread fell behind
 */
public record TickStats(long ticks, long p50Micros, long p99Micros, long maxMicros, long cpuP50Micros, long cpuP99Micros,
                        long lateTicks, long skippedTicks, long eventsDropped) {
}
