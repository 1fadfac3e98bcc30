/**
 * The media benchmark, {@link dev.switchboard.media.bench.MediaBench}: a {@code main} that steps the number of
 * monitored calls up on loopback UDP and prints tick percentiles, late ticks, missing frames, CPU and heap per
 * step. It measures; it asserts nothing, and no test runs it.
 */
package dev.switchboard.media.bench;
