package dev.switchboard.server.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of a test class's own, created before and dropped after it. The admin database is
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres} as user {@code postgres}, or the URL in the system property or
 * environment variable {@code SWITCHBOARD_TEST_PG_URL} (it may carry {@code user} and {@code password} parameters).
 * Without a reachable server the class's tests are skipped with the reason, except on CI ({@code CI=true}), where a
 * skip would hide that the PostgreSQL support went untested: there they fail.
 */
public final class PostgresTestDatabase {
    private static final String URL_PROPERTY = "SWITCHBOARD_TEST_PG_URL";
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** The user the tests connect as. */
    public static final String USER = "postgres";
    /** Its password (trust authentication here). */
    public static final String PASSWORD = "";

    private final String adminUrl;
    private final String unreachable;
    private String database;
    private String url;

    private PostgresTestDatabase(String adminUrl, String unreachable) {
        this.adminUrl = adminUrl;
        this.unreachable = unreachable;
    }

    /** Creates a database named {@code prefix} plus random hex digits; for use in {@code @BeforeAll}. */
    public static PostgresTestDatabase create(String prefix) throws SQLException {
        String adminUrl = configuredAdminUrl();
        Connection admin;
        try {
            admin = DriverManager.getConnection(adminUrl, credentials());
        } catch (SQLException e) {
            String reason = "PostgreSQL not reachable at " + withoutQuery(adminUrl) + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + " (CI=true, so this fails instead of skipping; set " + URL_PROPERTY + ")", e);
            }
            // Skipped test by test (assumeReachable) rather than here: Surefire counts a class aborted in @BeforeAll as
            // zero tests and drops the reason, and a silent skip of the PostgreSQL support is what the reason is for.
            return new PostgresTestDatabase(adminUrl, reason);
        }
        PostgresTestDatabase created = new PostgresTestDatabase(adminUrl, null);
        try (admin; Statement statement = admin.createStatement()) {
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            created.database = prefix + HexFormat.of().formatHex(random);
            // The name is the prefix and hex digits only, so it is safe to splice into the statement.
            statement.execute("CREATE DATABASE " + created.database);
        }
        created.url = withDatabase(adminUrl, created.database);
        return created;
    }

    /** Skips the calling test, with the reason, when PostgreSQL was not reachable; for use in {@code @BeforeEach}. */
    public void assumeReachable() {
        Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    }

    /** The JDBC URL of the test database. */
    public String url() {
        return url;
    }

    /** Drops the database, closing what tests left open; for use in {@code @AfterAll}. */
    public void drop() throws SQLException {
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

    private static String configuredAdminUrl() {
        String configured = System.getProperty(URL_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(URL_PROPERTY);
        }
        return configured == null || configured.isBlank() ? DEFAULT_ADMIN_URL : configured.trim();
    }

    /** User and password as defaults: parameters in the URL take precedence over them in the PostgreSQL driver. */
    private static Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return properties;
    }

    /** The admin URL with its database replaced, keeping host, port and parameters. */
    static String withDatabase(String adminUrl, String name) {
        String prefix = "jdbc:postgresql:";
        if (!adminUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL URL: " + adminUrl);
        }
        int query = adminUrl.indexOf('?');
        String location = query < 0 ? adminUrl.substring(prefix.length()) : adminUrl.substring(prefix.length(), query);
        String parameters = query < 0 ? "" : adminUrl.substring(query);
        String base;
        if (location.startsWith("//")) {
            int slash = location.indexOf('/', 2);
            base = slash < 0 ? location + "/" : location.substring(0, slash + 1);
        } else {
            // jdbc:postgresql:database form: local host and default port.
            base = "";
        }
        return prefix + base + name + parameters;
    }

    private static String withoutQuery(String adminUrl) {
        int query = adminUrl.indexOf('?');
        return query < 0 ? adminUrl : adminUrl.substring(0, query);
    }
}
