package dev.switchboard.server.audit;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the {@link JdbcMonitoringAuditContract} on PostgreSQL, in a database of its own created before and dropped
 * after the class, with the same settings as the store's PostgreSQL test: {@code jdbc:postgresql://127.0.0.1:5432/postgres}
 * as user {@code postgres}, or the URL in the system property or environment variable {@code SWITCHBOARD_TEST_PG_URL}.
 * Without a reachable server its tests are skipped, except on CI ({@code CI=true}), where they fail.
 */
class JdbcMonitoringAuditPostgresTest extends JdbcMonitoringAuditContract {
    private static final String URL_PROPERTY = "SWITCHBOARD_TEST_PG_URL";
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "";

    private static String adminUrl;
    private static String database;
    private static String databaseUrl;
    private static String unreachable;

    @BeforeAll
    static void createDatabase() throws SQLException {
        adminUrl = configuredAdminUrl();
        unreachable = null;
        Connection admin;
        try {
            admin = DriverManager.getConnection(adminUrl, credentials());
        } catch (SQLException e) {
            unreachable = "PostgreSQL not reachable at " + withoutQuery(adminUrl) + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(unreachable + " (CI=true, so this fails instead of skipping; set " + URL_PROPERTY + ")", e);
            }
            // Skipped test by test rather than here, so that Surefire reports the reason (see JdbcStorePostgresTest).
            return;
        }
        try (admin; Statement statement = admin.createStatement()) {
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            database = "switchboard_audit_test_" + HexFormat.of().formatHex(random);
            // Hex digits only: safe to splice into the statement.
            statement.execute("CREATE DATABASE " + database);
        }
        databaseUrl = withDatabase(adminUrl, database);
    }

    @BeforeEach
    void skipWhenUnreachable() {
        Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, credentials())) {
            // A failed test may leave a pool open; DROP DATABASE refuses while any connection is.
            try (PreparedStatement terminate = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, database);
                terminate.execute();
            }
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        } finally {
            database = null;
        }
    }

    @Override
    protected String jdbcUrl() {
        return databaseUrl;
    }

    @Override
    protected String user() {
        return USER;
    }

    @Override
    protected String password() {
        return PASSWORD;
    }

    private static String configuredAdminUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(URL_PROPERTY);
        }
        return url == null || url.isBlank() ? DEFAULT_ADMIN_URL : url.trim();
    }

    /** User and password as defaults: parameters in the URL take precedence over them in the PostgreSQL driver. */
    private static Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return properties;
    }

    /** The admin URL with its database replaced, keeping host, port and parameters. */
    private static String withDatabase(String url, String name) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL URL: " + url);
        }
        int query = url.indexOf('?');
        String location = query < 0 ? url.substring(prefix.length()) : url.substring(prefix.length(), query);
        String parameters = query < 0 ? "" : url.substring(query);
        String base;
        if (location.startsWith("//")) {
            int slash = location.indexOf('/', 2);
            base = slash < 0 ? location + "/" : location.substring(0, slash + 1);
        } else {
            base = "";
        }
        return prefix + base + name + parameters;
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
