package dev.switchboard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.server.store.JdbcStore;
import dev.switchboard.server.store.StoreException;

/**
 * The behaviour {@link JdbcMonitoringAudit} must show on every database the store supports; a subclass supplies the
 * database. The audit is one chain per database, so each test starts from an empty table.
 */
abstract class JdbcMonitoringAuditContract {
    private static final Instant BASE = Instant.parse("2025-03-04T05:06:07.123456789Z");
    private static final String SUPERVISOR = "0123456789abcdef0123456789abcdef";

    /** The URL of the database under test; the same database for every call within one test. */
    protected abstract String jdbcUrl();

    protected abstract String user();

    protected abstract String password();

    protected JdbcStore open() {
        return JdbcStore.open(jdbcUrl(), user(), password());
    }

    @BeforeEach
    void emptyTheAudit() throws SQLException {
        try (JdbcStore store = open()) {
            execute(store, "DELETE FROM monitoring_audit");
        }
    }

    private static void execute(JdbcStore store, String sql) throws SQLException {
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static AuditRecord record(int n) {
        return new AuditRecord(BASE.plusMillis(n), "REQUEST", SUPERVISOR, "500" + (n % 10), n % 2 == 0 ? "call-" + n : null,
                n % 3 == 0 ? null : "ListenIn scope=Call mode=AllCalls #" + n);
    }

    @Test
    void anEmptyAuditIsAValidChain() {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());

            assertThat(audit.entries()).isEmpty();
            assertThat(audit.verify()).isTrue();
        }
    }

    @Test
    void entriesChainFromGenesisAndReadBackAsAppended() {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            List<AuditEntry> appended = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                appended.add(audit.append(record(n)));
            }

            assertThat(appended).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
            assertThat(appended.get(0).previousHash()).isEqualTo(AuditEntry.GENESIS);
            for (int i = 1; i < appended.size(); i++) {
                assertThat(appended.get(i).previousHash()).isEqualTo(appended.get(i - 1).hash());
            }
            for (AuditEntry entry : appended) {
                assertThat(entry.hash()).matches("[0-9a-f]{64}").isEqualTo(AuditEntry.hashOf(entry.previousHash(), entry.record()));
            }
            assertThat(audit.entries()).containsExactlyElementsOf(appended);
            assertThat(audit.verify()).isTrue();
        }
    }

    @Test
    void timeIsCutToMicrosecondsBeforeHashingSoThatAReloadRehashesIdentically() {
        AuditEntry appended;
        try (JdbcStore store = open()) {
            appended = new JdbcMonitoringAudit(store.dataSource()).append(record(1));
        }
        assertThat(appended.record().at()).isEqualTo(Instant.parse("2025-03-04T05:06:07.124456Z"));
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());

            assertThat(audit.entries()).containsExactly(appended);
            assertThat(audit.verify()).isTrue();
        }
    }

    @Test
    void theChainContinuesAcrossCloseAndReopen() {
        List<AuditEntry> appended = new ArrayList<>();
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            appended.add(audit.append(record(1)));
            appended.add(audit.append(record(2)));
        }
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            AuditEntry third = audit.append(record(3));

            assertThat(third.sequence()).isEqualTo(3);
            assertThat(third.previousHash()).isEqualTo(appended.get(1).hash());
            appended.add(third);
            assertThat(audit.entries()).containsExactlyElementsOf(appended);
            assertThat(audit.verify()).isTrue();
        }
        try (JdbcStore store = open()) {
            assertThat(new JdbcMonitoringAudit(store.dataSource()).entries()).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void concurrentAppendsFromEightThreadsMakeOneChainWithoutGaps() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            CyclicBarrier start = new CyclicBarrier(threads);
            Collection<AuditEntry> appended = new ConcurrentLinkedQueue<>();
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> appender = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int n = 0; n < perThread; n++) {
                        appended.add(audit.append(record(thread * perThread + n)));
                    }
                    return null;
                };
                results.add(executor.submit(appender));
            }
            for (Future<Void> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }

            List<AuditEntry> entries = audit.entries();
            assertThat(entries).hasSize(threads * perThread);
            assertThat(entries).extracting(AuditEntry::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
            assertThat(entries).containsExactlyInAnyOrderElementsOf(appended);
            assertThat(audit.verify()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aRowChangedInTheDatabaseBreaksTheChain() throws SQLException {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            for (int n = 1; n <= 3; n++) {
                audit.append(record(n));
            }

            execute(store, "UPDATE monitoring_audit SET detail = 'nothing happened' WHERE seq = 2");

            assertThat(audit.verify()).isFalse();
            assertThat(new JdbcMonitoringAudit(store.dataSource()).verify()).as("a fresh reader").isFalse();
        }
    }

    @Test
    void aRowDeletedFromTheMiddleBreaksTheChain() throws SQLException {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            for (int n = 1; n <= 3; n++) {
                audit.append(record(n));
            }

            execute(store, "DELETE FROM monitoring_audit WHERE seq = 2");

            assertThat(new JdbcMonitoringAudit(store.dataSource()).verify()).isFalse();
        }
    }

    @Test
    void rowsDeletedFromTheEndAreNoticedByTheAuditThatStoredThem() throws SQLException {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            for (int n = 1; n <= 3; n++) {
                audit.append(record(n));
            }

            execute(store, "DELETE FROM monitoring_audit WHERE seq = 3");
            assertThat(audit.verify()).isFalse();

            // Appending goes on (an audit must not drop new records), but the gap stays reported.
            assertThat(audit.append(record(4)).sequence()).isEqualTo(3);
            assertThat(audit.verify()).isFalse();
        }
    }

    @Test
    void textThatTheDatabasesCannotKeepVerbatimIsStoredAsItIsHashed() {
        String awkward = "Zoë \u00e9\u4e2d\ud83d\ude00 nul:\0 lone:\ud800 end";
        String longDetail = "x".repeat(100_000);
        AuditEntry first;
        AuditEntry second;
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            first = audit.append(new AuditRecord(BASE, "DENIAL", SUPERVISOR, awkward, null, awkward));
            second = audit.append(new AuditRecord(BASE, "REQUEST", SUPERVISOR, longDetail, "null", longDetail));
        }
        assertThat(first.record().detail()).isEqualTo("Zoë \u00e9\u4e2d\ud83d\ude00 nul:\ufffd lone:? end");
        assertThat(second.record().detail()).hasSize(100_000);
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());

            assertThat(audit.entries()).containsExactly(first, second);
            assertThat(audit.verify()).isTrue();
        }
    }

    /** A chain computed elsewhere (as the journal does), continuing {@code after}. */
    private static List<AuditEntry> chain(AuditEntry after, int from, int count) {
        List<AuditEntry> entries = new ArrayList<>();
        String previous = after == null ? AuditEntry.GENESIS : after.hash();
        for (int n = from; n < from + count; n++) {
            AuditRecord stored = JdbcMonitoringAudit.storable(record(n));
            AuditEntry entry = new AuditEntry(n, stored, previous, AuditEntry.hashOf(previous, stored));
            entries.add(entry);
            previous = entry.hash();
        }
        return entries;
    }

    @Test
    void storeWritesAChainComputedElsewhereInOneBatchSkippingWhatIsStoredAndRefusingABrokenOneWhole() {
        try (JdbcStore store = open()) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            List<AuditEntry> first = chain(null, 1, 1_500);
            audit.store(first);
            List<AuditEntry> second = chain(first.get(first.size() - 1), 1_501, 10);
            List<AuditEntry> overlapping = new ArrayList<>(first.subList(1_490, 1_500));
            overlapping.addAll(second);
            audit.store(overlapping);

            List<AuditEntry> all = new ArrayList<>(first);
            all.addAll(second);
            assertThat(audit.entries()).containsExactlyElementsOf(all);
            assertThat(audit.verify()).isTrue();

            List<AuditEntry> broken = new ArrayList<>(chain(second.get(9), 1_511, 3));
            AuditEntry last = broken.remove(2);
            broken.add(new AuditEntry(last.sequence(), last.record(), "0".repeat(64), AuditEntry.hashOf("0".repeat(64), last.record())));
            assertThatThrownBy(() -> audit.store(broken)).isInstanceOf(StoreException.class).hasMessageContaining("1513");
            assertThat(audit.entries()).containsExactlyElementsOf(all);
            assertThat(new JdbcMonitoringAudit(store.dataSource()).tail().sequence()).isEqualTo(1_510);
        }
    }

    @Test
    void theAuditTableComesWithMigrationTwo() {
        try (JdbcStore store = open()) {
            Flyway flyway = Flyway.configure().dataSource(store.dataSource()).locations(JdbcStore.MIGRATIONS).load();

            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.info().applied()).extracting(MigrationInfo::getVersion).extracting(Object::toString)
                    .contains("1", "2");
        }
    }
}
