package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static dev.switchboard.server.journal.JournalTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalGroupCommitTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersShareSyncs() throws Exception {
        Journal.Stats stats;
        long nanos;
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            long syncsBefore = journal.stats().syncs();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        long highest = 0;
                        for (int i = 0; i < PER_THREAD; i++) {
                            long position = journal.put("agent-" + thread, bytes("state-" + i));
                            journal.await(position, WAIT);
                            assertThat(journal.durablePosition()).isGreaterThanOrEqualTo(position);
                            highest = Math.max(highest, position);
                        }
                        return highest;
                    }));
                }
                long began = System.nanoTime();
                start.countDown();
                for (Future<Long> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isPositive();
                }
                nanos = System.nanoTime() - began;
            } finally {
                pool.shutdownNow();
            }
            stats = journal.stats();
            long appends = (long) THREADS * PER_THREAD;
            long syncs = stats.syncs() - syncsBefore;
            assertThat(stats.records()).isEqualTo(appends);
            assertThat(journal.durablePosition()).isEqualTo(appends);
            assertThat(syncs).as("syncs shared by concurrent writers").isLessThan(appends).isEqualTo(stats.batches());
            System.out.printf("group commit: %d threads x %d put+await = %d appends in %d syncs (%.2f appends per sync), %.0f ms, "
                            + "%.0f appends/s; sync p50 %d us, p99 %d us%n", THREADS, PER_THREAD, appends, syncs,
                    (double) appends / syncs, nanos / 1e6, appends / (nanos / 1e9), stats.syncP50Nanos() / 1000,
                    stats.syncP99Nanos() / 1000);
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            Map<String, String> expected = new HashMap<>();
            for (int t = 0; t < THREADS; t++) {
                expected.put("agent-" + t, "state-" + (PER_THREAD - 1));
            }
            assertThat(texts(journal.recovery().state())).isEqualTo(expected);
            assertThat(journal.recovery().lastPosition()).isEqualTo((long) THREADS * PER_THREAD);
        }
    }
}
