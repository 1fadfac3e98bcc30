package dev.switchboard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.server.store.JdbcStore;

/** Runs the {@link JdbcMonitoringAuditContract} on an embedded H2 file database, a fresh one per test. */
class JdbcMonitoringAuditH2Test extends JdbcMonitoringAuditContract {
    private static final String HASH_INDEX = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
            + " WHERE CONSTRAINT_NAME = 'UQ_MONITORING_AUDIT_HASH'";

    @TempDir
    Path tempDir;

    @Override
    protected String jdbcUrl() {
        return JdbcStore.h2FileUrl(tempDir.resolve("data"));
    }

    @Override
    protected String user() {
        return null;
    }

    @Override
    protected String password() {
        return null;
    }

    /** An audit written by a release before migration 4 (with the index on the hash) goes on after it. */
    @Test
    void anAuditWrittenBeforeMigrationFourContinuesAfterIt() throws SQLException {
        String url = JdbcStore.h2FileUrl(tempDir.resolve("written-before-v4"));
        Flyway.configure().dataSource(url, null, null).locations(JdbcStore.MIGRATIONS).target("3").load().migrate();
        JdbcDataSource before = new JdbcDataSource();
        before.setURL(url);
        List<AuditEntry> appended = new ArrayList<>();
        JdbcMonitoringAudit old = new JdbcMonitoringAudit(before);
        for (int n = 1; n <= 3; n++) {
            appended.add(old.append(new AuditRecord(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(n), "REQUEST",
                    "supervisor", "500" + n, null, "ListenIn #" + n)));
        }
        assertThat(hashIndexes(before)).isEqualTo(1);

        try (JdbcStore store = JdbcStore.open(url, null, null)) {
            JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
            appended.add(audit.append(new AuditRecord(Instant.parse("2026-12-03T10:00:00Z"), "REQUEST", "supervisor", "5004",
                    null, "ListenIn #4")));

            assertThat(hashIndexes(store.dataSource())).isZero();
            assertThat(appended.get(3).previousHash()).isEqualTo(appended.get(2).hash());
            assertThat(audit.entries()).containsExactlyElementsOf(appended);
            assertThat(audit.verify()).isTrue();
        }
    }

    private static long hashIndexes(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(HASH_INDEX);
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
