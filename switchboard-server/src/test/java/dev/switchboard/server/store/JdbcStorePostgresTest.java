package dev.switchboard.server.store;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the {@link JdbcStoreContract} on PostgreSQL, in a database of its own (see {@link PostgresTestDatabase}).
 */
class JdbcStorePostgresTest extends JdbcStoreContract {
    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresTestDatabase.create("switchboard_test_");
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
