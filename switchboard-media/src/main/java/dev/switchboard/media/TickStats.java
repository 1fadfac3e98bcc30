package dev.switchboard.media;

/**
 * The tickers' health since start (or the last {@link MediaEngine#resetTickStats()}), merged over all ticker
 * threads; a duration is the work of one tick of one ticker (all of that ticker's rooms), in microseconds, with
 * 10 µs resolution up to 20 ms; a percentile at or beyond 20 ms reads 20,010 (the overflow bucket), the maximum is
 * exact.
 *
 * @param ticks          ticks run by every ticker (the least of the tickers' counts): tick n has run in every room
 * @param p50Micros      median tick duration, wall clock, over the ticks of all tickers
 * @param p99Micros      99th percentile tick duration, wall clock, over the ticks of all tickers
 * @param maxMicros      longest tick of any ticker, wall clock
 * @param cpuP50Micros   median CPU time of a tick (wall minus CPU is time spent waiting for a core)
 * @param cpuP99Micros   99th percentile CPU time of a tick
 * @param lateTicks      ticks that started more than half a frame (10 ms) after their deadline, summed over tickers
 * @param skippedTicks   ticks not run at all because a ticker fell more than 5 frames behind, summed over tickers
 * @param eventsDropped  listener events dropped because the I/O thread fell behind
 */
public record TickStats(long ticks, long p50Micros, long p99Micros, long maxMicros, long cpuP50Micros, long cpuP99Micros,
                        long lateTicks, long skippedTicks, long eventsDropped) {
}
