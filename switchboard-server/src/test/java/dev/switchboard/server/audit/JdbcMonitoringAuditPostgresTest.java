package dev.switchboard.server.audit;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.switchboard.server.store.PostgresTestDatabase;

/**
 * Runs the {@link JdbcMonitoringAuditContract} on PostgreSQL, in a database of its own (see {@link PostgresTestDatabase}).
 */
class JdbcMonitoringAuditPostgresTest extends JdbcMonitoringAuditContract {
    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("switchboard_audit_test_");
    }

    @BeforeEach
    void skipWhenUnreachable() {
        database.assumeReachable();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        database.drop();
    }

    @Override
    protected String jdbcUrl() {
        return database.url();
    }

    @Override
    protected String user() {
        return PostgresTestDatabase.USER;
    }

    @Override
    protected String password() {
        return PostgresTestDatabase.PASSWORD;
    }
}
