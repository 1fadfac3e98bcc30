package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncProbeTest {
    private static final int SAMPLES = 300;

    @TempDir
    Path dir;

    @Test
    void measuresSaneNumbersAndLeavesNoFile() throws IOException {
        FsyncProbe.Result result = FsyncProbe.measure(dir.resolve("probe"), 50);
        assertThat(result.count()).isEqualTo(50);
        assertThat(result.p50Nanos()).isPositive().isLessThanOrEqualTo(result.p99Nanos());
        assertThat(result.p99Nanos()).isLessThanOrEqualTo(result.maxNanos());
        assertThat(result.maxNanos()).isLessThan(Duration.ofSeconds(5).toNanos());
        try (Stream<Path> files = Files.list(dir.resolve("probe"))) {
            assertThat(files).isEmpty();
        }
    }

    /** Not an assertion: a log line comparing the journal's syncs with the disk's own cost, one writer at a time. */
    @Test
    void journalSyncLatencyNextToTheProbe() {
        long[] syncs = new long[SAMPLES + 1];
        int[] count = {0};
        long[] callers = new long[SAMPLES];
        Journal.Settings settings = Journal.Settings.defaults().withSyncListener(nanos -> {
            if (count[0] < syncs.length) {
                syncs[count[0]++] = nanos;
            }
        });
        Journal.Stats stats;
        try (Journal journal = Journal.open(dir.resolve("journal"), settings)) {
            for (int i = 0; i < SAMPLES; i++) {
                long start = System.nanoTime();
                journal.await(journal.put("agent-" + i % 10, bytes("x".repeat(100))), WAIT);
                callers[i] = System.nanoTime() - start;
            }
            stats = journal.stats();
        }
        FsyncProbe.Result probe = FsyncProbe.measure(dir.resolve("probe"), SAMPLES);
        // The listener runs on the writer thread; its array is read after close(), which joined that thread.
        long[] measured = Arrays.copyOf(syncs, Math.min(count[0], SAMPLES));
        Arrays.sort(measured);
        Arrays.sort(callers);
        System.out.printf("sync latency, one writer, %d samples: journal write+fdatasync p50 %d us p99 %d us (histogram p50 %d us "
                        + "p99 %d us); caller put+await p50 %d us p99 %d us; FsyncProbe p50 %d us p99 %d us max %d us%n", SAMPLES,
                rank(measured, 0.5) / 1000, rank(measured, 0.99) / 1000, stats.syncP50Nanos() / 1000, stats.syncP99Nanos() / 1000,
                rank(callers, 0.5) / 1000, rank(callers, 0.99) / 1000, probe.p50Nanos() / 1000, probe.p99Nanos() / 1000,
                probe.maxNanos() / 1000);
        assertThat(stats.batches()).isEqualTo(SAMPLES);
    }

    private static long rank(long[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
