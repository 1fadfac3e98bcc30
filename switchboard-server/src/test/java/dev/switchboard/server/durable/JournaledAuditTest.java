package dev.switchboard.server.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.store.JdbcStore;

/**
 * The audit made durable by the journal: entries chain and show at once, reach the table behind, continue the table's
 * chain across restarts, and what the journal had but the table did not is stored by the next start.
 */
class JournaledAuditTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    private static AuditRecord record(int n) {
        return new AuditRecord(T.plusSeconds(n), "REQUEST", "sup" + (n % 3), "500" + (n % 5), null, "ListenIn " + n);
    }

    @Test
    void concurrentAppendsChainShowAtOnceAndReachTheTable() throws Exception {
        try (JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(dir.resolve("data")), null, null)) {
            JdbcMonitoringAudit table = new JdbcMonitoringAudit(store.dataSource());
            try (DurableState durable = DurableState.open(dir.resolve("journal"))) {
                JournaledAudit audit = durable.audit(table);
                ExecutorService threads = Executors.newFixedThreadPool(8);
                try {
                    List<Future<AuditEntry>> appended = new ArrayList<>();
                    for (int i = 0; i < 400; i++) {
                        int n = i;
                        appended.add(threads.submit(() -> audit.append(record(n))));
                    }
                    for (Future<AuditEntry> entry : appended) {
                        entry.get();
                    }
                } finally {
                    threads.shutdownNow();
                }
                assertThat(audit.entries()).hasSize(400);
                assertThat(audit.verify()).isTrue();
                // The write-behind clears its pending entries just after the table's commit: both are awaited.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(table.entries()).hasSize(400);
                    assertThat(audit.pendingCount()).isZero();
                });
                assertThat(table.verify()).isTrue();
            }
        }
    }

    @Test
    void theChainGoesOnAcrossRestartsAndLeftoversAreStoredAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        try (JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(data), null, null)) {
            JdbcMonitoringAudit table = new JdbcMonitoringAudit(store.dataSource());
            try (DurableState durable = DurableState.open(dir.resolve("journal"))) {
                JournaledAudit audit = durable.audit(table);
                audit.append(record(1));
                audit.append(record(2));
            }
            assertThat(table.entries()).hasSize(2);
        }
        // A process that made entries durable in the journal and died before its write-behind stored them: the
        // journal is written by hand here, as that process left it (events after the table's tail, never released).
        try (JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(data), null, null)) {
            JdbcMonitoringAudit table = new JdbcMonitoringAudit(store.dataSource());
            AuditEntry last = table.entries().get(1);
            AuditRecord third = JdbcMonitoringAudit.storable(record(3));
            AuditEntry leftover = new AuditEntry(3, third, last.hash(), AuditEntry.hashOf(last.hash(), third));
            try (dev.switchboard.server.journal.Journal journal = dev.switchboard.server.journal.Journal.open(dir.resolve("journal"),
                    dev.switchboard.server.journal.Journal.Settings.defaults())) {
                journal.await(journal.event(AuditEvents.encode(leftover)), Duration.ofSeconds(10));
            }
            try (DurableState durable = DurableState.open(dir.resolve("journal"))) {
                JournaledAudit audit = durable.audit(table);
                assertThat(table.entries()).as("stored before anything is appended").hasSize(3).last().isEqualTo(leftover);
                AuditEntry fourth = audit.append(record(4));
                assertThat(fourth.sequence()).isEqualTo(4);
                assertThat(fourth.previousHash()).isEqualTo(leftover.hash());
                assertThat(audit.verify()).isTrue();
            }
            assertThat(table.entries()).hasSize(4);
            assertThat(table.verify()).isTrue();
        }
    }
}
