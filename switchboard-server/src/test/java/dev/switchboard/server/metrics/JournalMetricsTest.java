package dev.switchboard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.journal.Journal;

/** The journal's counters and sync latency in the server's scrape, read from a real journal in a temporary directory. */
class JournalMetricsTest {
    @TempDir
    Path dir;

    @Test
    void scrapeShowsWhatTheJournalWroteAndSynced() {
        try (ServerMetrics metrics = new ServerMetrics(); Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            metrics.journal(journal);
            Journal.Stats before = journal.stats();
            journal.put("device/5001", "Ready".getBytes(StandardCharsets.UTF_8));
            journal.put("device/5002", "NotReady".getBytes(StandardCharsets.UTF_8));
            journal.awaitAll(Duration.ofSeconds(10));
            journal.put("device/5001", null);
            journal.awaitAll(Duration.ofSeconds(10));
            Journal.Stats after = journal.stats();

            String scrape = metrics.scrape().body();

            assertThat(after.records() - before.records()).isEqualTo(3);
            assertThat(value(scrape, "switchboard_journal_records_total")).isEqualTo(after.records());
            assertThat(value(scrape, "switchboard_journal_batches_total")).isEqualTo(after.batches()).isBetween(1.0, 3.0);
            assertThat(value(scrape, "switchboard_journal_syncs_total")).isEqualTo(after.syncs());
            assertThat(value(scrape, "switchboard_journal_written_bytes_total")).isEqualTo(after.bytesWritten()).isPositive();
            assertThat(value(scrape, "switchboard_journal_sync_p50_seconds")).isEqualTo(after.syncP50Nanos() / 1e9).isPositive();
            assertThat(value(scrape, "switchboard_journal_sync_p99_seconds"))
                    .isGreaterThanOrEqualTo(value(scrape, "switchboard_journal_sync_p50_seconds"));
            assertThat(value(scrape, "switchboard_journal_sync_max_seconds")).isEqualTo(after.syncMaxNanos() / 1e9);
            assertThat(value(scrape, "switchboard_journal_queued")).isZero();
        }
    }

    /** The value of the one sample of {@code metric} (no labels) in a Prometheus text scrape. */
    private static double value(String scrape, String metric) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as("%s in the scrape:%n%s", metric, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
