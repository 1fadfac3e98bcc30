package dev.switchboard.server.journal;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures what the disk under a directory charges for one small durable write, the floor under any journal sync:
 * {@code count} times, {@link SyncedRecordFile#writeAndSync} (128 bytes into a preallocated file, forced), as the
 * journal does for a batch of one record. The file is deleted afterwards.
 */
public final class FsyncProbe {
    private FsyncProbe() {
    }

    /**
     * Nearest-rank percentiles of the measured write + sync durations.
     *
     * @param p50Nanos the median
     * @param p99Nanos the 99th percentile
     * @param maxNanos the longest
     * @param count    how many were measured
     */
    public record Result(long p50Nanos, long p99Nanos, long maxNanos, int count) {
    }

    /**
     * Runs the probe.
     *
     * @param dir   where to measure (created if missing): the journal's directory, so the same disk and file system
     * @param count how many write + sync pairs to time, at least 1
     * @return the durations
     * @throws JournalException IO when the file cannot be created, written, synced or deleted
     */
    public static Result measure(Path dir, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Path file = dir.resolve("fsync-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        long[] nanos = new long[count];
        try (SyncedRecordFile synced = SyncedRecordFile.create(file)) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                synced.writeAndSync(i);
                nanos[i] = System.nanoTime() - start;
            }
        } catch (JournalException e) {
            throw new JournalException(JournalException.Reason.IO, "The fsync probe in " + dir + " failed: " + e.getMessage(), e);
        }
        Arrays.sort(nanos);
        return new Result(rank(nanos, 0.5), rank(nanos, 0.99), nanos[count - 1], count);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
