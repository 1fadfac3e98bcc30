package dev.switchboard.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;

import dev.switchboard.core.store.AgentHistoryStore;
import dev.switchboard.core.store.AgentStateEntry;
import dev.switchboard.core.store.IdentityStore;

/**
 * The {@link IdentityStore} and {@link AgentHistoryStore} over a relational database: an embedded H2 file by default,
 * or PostgreSQL. Opening the store brings the schema up to date with Flyway. Every statement keeps to SQL that both
 * databases run unchanged, so nothing here relies on a vendor-specific upsert; instead the primary keys settle races.
 *
 * <p>Thread-safe: each call borrows its own pooled connection and runs in auto-commit mode.
 */
public final class JdbcStore implements IdentityStore, AgentHistoryStore, AutoCloseable {
    /** Where the Flyway migrations of this store live on the class path. */
    public static final String MIGRATIONS = "classpath:dev/switchboard/server/store/migration";

    private static final String POOL_NAME = "switchboard-store";
    /** Small on purpose: the store sees a trickle of writes, and embedded H2 gains nothing from more connections. */
    private static final int MAX_CONNECTIONS = 4;
    /** The SQLSTATE of a unique or primary-key violation; H2 and PostgreSQL both report this one. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String SELECT_ID = "SELECT id FROM stable_id WHERE kind = ? AND natural_key = ?";
    private static final String INSERT_ID = "INSERT INTO stable_id (kind, natural_key, id, created_at) VALUES (?, ?, ?, ?)";
    private static final String SELECT_HASH = "SELECT hash FROM password_hash WHERE user_id = ?";
    private static final String UPDATE_HASH = "UPDATE password_hash SET hash = ?, updated_at = ? WHERE user_id = ?";
    private static final String INSERT_HASH = "INSERT INTO password_hash (user_id, hash, updated_at) VALUES (?, ?, ?)";
    private static final String INSERT_ENTRY = "INSERT INTO agent_state_history (user_id, device_id, state, work_mode, login, at,"
            + " reason) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_HISTORY = "SELECT user_id, device_id, state, work_mode, login, at, reason"
            + " FROM agent_state_history WHERE user_id = ? ORDER BY at DESC, seq DESC FETCH FIRST ? ROWS ONLY";
    private static final String SELECT_LAST_LOGIN = "SELECT user_id, device_id, state, work_mode, login, at, reason"
            + " FROM agent_state_history WHERE user_id = ? AND login = TRUE ORDER BY at DESC, seq DESC FETCH FIRST 1 ROWS ONLY";

    /** Each user's latest row, latest as {@link #SELECT_HISTORY} orders: no row of the user is later in time or in seq. */
    private static final String SELECT_LATEST = "SELECT h.user_id, h.device_id, h.state, h.work_mode, h.login, h.at, h.reason"
            + " FROM agent_state_history h WHERE NOT EXISTS (SELECT 1 FROM agent_state_history n WHERE n.user_id = h.user_id"
            + " AND (n.at > h.at OR (n.at = h.at AND n.seq > h.seq)))";
    /** H2: write what is committed to the file and fsync it (PostgreSQL's commit is durable by itself). */
    private static final String H2_SYNC = "CHECKPOINT SYNC";

    private final HikariDataSource dataSource;

    private JdbcStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a pool on the database and migrates its schema to the latest version.
     *
     * @param jdbcUrl  a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
     * @param user     the database user, or {@code null} to leave it to the URL
     * @param password the password, or {@code null} to leave it to the URL
     * @return the open store; close it to release the pool
     * @throws StoreException when the database cannot be reached or the migration fails
     */
    public static JdbcStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        // One idle connection keeps an embedded H2 database open between bursts instead of reopening the file.
        config.setMinimumIdle(1);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot open the database at " + describe(jdbcUrl), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    // A jar packed without the migrations must not start on an empty schema without saying so.
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("Cannot migrate the database at " + describe(jdbcUrl), e);
        }
        return new JdbcStore(dataSource);
    }

    /**
     * The URL of the embedded H2 database kept in {@code dataDir}, creating the directory when it is missing. The
     * database closes with the store rather than with the JVM, so that the last writes of a shutdown still land.
     *
     * @param dataDir the data directory; the database files are named {@code switchboard.*} inside it
     * @return a {@code jdbc:h2:file:} URL
     * @throws StoreException when the directory cannot be created
     */
    public static String h2FileUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        // H2 reads ';' as the start of the settings, so such a path would silently open another database.
        if (dir.toString().contains(";")) {
            throw new IllegalArgumentException("The data directory must not contain ';': " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create the data directory " + dir, e);
        }
        return "jdbc:h2:file:" + dir.resolve("switchboard") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * The pooled data source, for stores that keep their own tables in the same database.
     *
     * @return the pool; it stays owned by this store, do not close it
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool and, for embedded H2, the database. Closing twice does nothing. */
    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String stableId(String kind, String naturalKey, Supplier<String> newId) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(naturalKey, "naturalKey");
        Optional<String> existing = findId(kind, naturalKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = Objects.requireNonNull(newId.get(), "newId returned null");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT_ID)) {
            insert.setString(1, kind);
            insert.setString(2, naturalKey);
            insert.setString(3, id);
            insert.setObject(4, timestamp(Instant.now()));
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw new StoreException("Cannot store the id of " + kind + " " + naturalKey, e);
            }
            // Another caller stored an id for the same thing between our select and insert: theirs wins. If no row
            // is there, the violation was on the id itself, which already belongs to another thing.
            return findId(kind, naturalKey).orElseThrow(() -> new StoreException(
                    "Cannot store the id " + id + " of " + kind + " " + naturalKey + ": the id is already in use", e));
        }
    }

    private Optional<String> findId(String kind, String naturalKey) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_ID)) {
            select.setString(1, kind);
            select.setString(2, naturalKey);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the id of " + kind + " " + naturalKey, e);
        }
    }

    @Override
    public Optional<String> passwordHash(String userId) {
        Objects.requireNonNull(userId, "userId");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_HASH)) {
            select.setString(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the password hash of user " + userId, e);
        }
    }

    @Override
    public void savePasswordHash(String userId, String hash) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(hash, "hash");
        OffsetDateTime now = timestamp(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            // Update first, insert when there was nothing to update; a concurrent first save makes the insert
            // collide, and then updating over the row it inserted gives the same result as a later save.
            if (updateHash(connection, userId, hash, now) > 0) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_HASH)) {
                insert.setString(1, userId);
                insert.setString(2, hash);
                insert.setObject(3, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!isUniqueViolation(e) || updateHash(connection, userId, hash, now) == 0) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot save the password hash of user " + userId, e);
        }
    }

    private static int updateHash(Connection connection, String userId, String hash, OffsetDateTime now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE_HASH)) {
            update.setString(1, hash);
            update.setObject(2, now);
            update.setString(3, userId);
            return update.executeUpdate();
        }
    }

    @Override
    public void append(AgentStateEntry entry) {
        appendAll(List.of(Objects.requireNonNull(entry, "entry")));
    }

    /** The entries in one transaction, sent as one JDBC batch. */
    @Override
    public void appendAll(List<AgentStateEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY)) {
                for (AgentStateEntry entry : entries) {
                    insert.setString(1, entry.userId());
                    insert.setString(2, entry.deviceId());
                    insert.setString(3, entry.state());
                    insert.setString(4, entry.workMode());
                    insert.setBoolean(5, entry.login());
                    insert.setObject(6, timestamp(entry.at()));
                    insert.setString(7, entry.reason());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot append " + entries.size() + " entries to the agent history (the first of user "
                    + entries.get(0).userId() + ")", e);
        }
    }

    @Override
    public List<AgentStateEntry> history(String userId, int limit) {
        Objects.requireNonNull(userId, "userId");
        if (limit <= 0) {
            // FETCH FIRST 0 ROWS is not accepted everywhere, and the answer is known anyway.
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_HISTORY)) {
            select.setString(1, userId);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<AgentStateEntry> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(entry(rows));
                }
                return entries;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the agent history of user " + userId, e);
        }
    }

    @Override
    public List<AgentStateEntry> latestEntries() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_LATEST);
                ResultSet rows = select.executeQuery()) {
            List<AgentStateEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(entry(rows));
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the latest agent history entries", e);
        }
    }

    /**
     * Makes the rows committed so far durable: on H2, which writes its file up to {@code WRITE_DELAY} after a commit,
     * {@code CHECKPOINT SYNC}; on PostgreSQL nothing, since each commit is durable already.
     */
    @Override
    public void sync() {
        try (Connection connection = dataSource.getConnection()) {
            if ("H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.execute(H2_SYNC);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot sync the store", e);
        }
    }

    @Override
    public Optional<AgentStateEntry> lastLogin(String userId) {
        Objects.requireNonNull(userId, "userId");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_LAST_LOGIN)) {
            select.setString(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the last login of user " + userId, e);
        }
    }

    private static AgentStateEntry entry(ResultSet rows) throws SQLException {
        return new AgentStateEntry(rows.getString("user_id"), rows.getString("device_id"), rows.getString("state"),
                rows.getString("work_mode"), rows.getBoolean("login"), rows.getObject("at", OffsetDateTime.class).toInstant(),
                rows.getString("reason"));
    }

    /**
     * Both databases keep microseconds; cutting the rest off here makes what is read back equal to what was written
     * instead of depending on each driver's rounding.
     */
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The URL without its query string, which may carry a password. */
    private static String describe(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
