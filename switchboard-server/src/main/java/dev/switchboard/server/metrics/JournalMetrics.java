package dev.switchboard.server.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.server.journal.Journal;

/**
 * The journal's group commit, read from {@link Journal#stats()} when scraped (nothing runs on the writer thread).
 *
 * <ul>
 *   <li>{@code switchboard_journal_records_total} (PUT, DELETE and EVENT records written),
 *       {@code switchboard_journal_batches_total} (writes, each followed by one fdatasync),
 *       {@code switchboard_journal_syncs_total} (forces: one per batch, and one per new segment file) and
 *       {@code switchboard_journal_written_bytes_total}: records per batch is how many changes share one
 *       fdatasync; the difference of two scrapes gives it for the time in between.</li>
 *   <li>{@code switchboard_journal_sync_p50_seconds}, {@code _p99_seconds}, {@code _max_seconds}: a batch's write and
 *       sync since the journal opened (from a histogram: at most 12.5 % high), and
 *       {@code switchboard_journal_sync_seconds_total}, their sum.</li>
 *   <li>{@code switchboard_journal_queued}: records waiting for the writer now.</li>
 * </ul>
 */
final class JournalMetrics {
    private static final double NANOS_PER_SECOND = 1e9;

    private JournalMetrics() {
    }

    /** Registers the journal's meters; each reads one {@link Journal.Stats} when scraped. */
    static void bind(MeterRegistry registry, Journal journal) {
        counter(registry, journal, "switchboard.journal.records", "Journal records written (PUT, DELETE, EVENT)", Journal.Stats::records);
        counter(registry, journal, "switchboard.journal.batches", "Journal writes, each followed by one fdatasync", Journal.Stats::batches);
        counter(registry, journal, "switchboard.journal.syncs", "Journal file forces: one per batch, one per new segment",
                Journal.Stats::syncs);
        FunctionCounter.builder("switchboard.journal.written", journal, j -> j.stats().bytesWritten()).baseUnit("bytes")
                .description("Bytes of journal records written, snapshots included, preallocation not").register(registry);
        gauge(registry, journal, "switchboard.journal.sync.p50.seconds", "Median journal batch write + fdatasync since open",
                s -> s.syncP50Nanos() / NANOS_PER_SECOND);
        gauge(registry, journal, "switchboard.journal.sync.p99.seconds", "99th percentile journal batch write + fdatasync since open",
                s -> s.syncP99Nanos() / NANOS_PER_SECOND);
        gauge(registry, journal, "switchboard.journal.sync.max.seconds", "Longest journal batch write + fdatasync since open",
                s -> s.syncMaxNanos() / NANOS_PER_SECOND);
        counter(registry, journal, "switchboard.journal.sync.seconds", "Time spent in journal batch writes + fdatasyncs",
                s -> s.syncTotalNanos() / NANOS_PER_SECOND);
        gauge(registry, journal, "switchboard.journal.queued", "Journal records waiting for the writer", Journal.Stats::queued);
    }

    private static void counter(MeterRegistry registry, Journal journal, String name, String description,
                                ToDoubleFunction<Journal.Stats> value) {
        FunctionCounter.builder(name, journal, j -> value.applyAsDouble(j.stats())).description(description).register(registry);
    }

    private static void gauge(MeterRegistry registry, Journal journal, String name, String description,
                              ToDoubleFunction<Journal.Stats> value) {
        Gauge.builder(name, journal, j -> value.applyAsDouble(j.stats())).description(description).strongReference(true)
                .register(registry);
    }
}
