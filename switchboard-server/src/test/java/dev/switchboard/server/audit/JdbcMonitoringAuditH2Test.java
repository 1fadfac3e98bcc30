package dev.switchboard.server.audit;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.store.JdbcStore;

/** Runs the {@link JdbcMonitoringAuditContract} on an embedded H2 file database, a fresh one per test. */
class JdbcMonitoringAuditH2Test extends JdbcMonitoringAuditContract {
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
}
