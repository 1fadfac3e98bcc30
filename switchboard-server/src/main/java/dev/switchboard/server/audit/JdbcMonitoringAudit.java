package dev.switchboard.server.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.server.store.StoreException;

/**
 * The {@link MonitoringAudit} in the store's database, table {@code monitoring_audit} (migration V2), on H2 or
 * PostgreSQL.
 *
 * <p>Appends are serialized by a lock in this adapter: each one reads the stored tail, computes the next hash, inserts
 * the row in auto-commit mode and returns only once the row is durable. PostgreSQL's commit is durable by itself
 * (with its default {@code synchronous_commit = on}); H2 commits into memory and writes its file up to
 * {@code WRITE_DELAY} (500 ms) later, so on H2 each append also runs {@code CHECKPOINT SYNC}, which writes the
 * committed data to the file and forces it to the device. The lock covers one process only; a second writer on the
 * same database collides on the primary key {@code seq} instead of forking the chain.
 *
 * <p>What is stored is exactly what is hashed: the time is cut to microseconds (what both databases keep), NUL
 * characters (which PostgreSQL refuses in text) become U+FFFD and unpaired surrogates (which UTF-8 cannot carry)
 * become {@code ?}. {@link #append} returns the record as stored, so a reloaded entry equals the returned one.
 *
 * <p>Thread-safe. It borrows connections from the pool it is given and never closes the pool.
 */
public final class JdbcMonitoringAudit implements MonitoringAudit {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMonitoringAudit.class);

    private static final String SELECT_TAIL = "SELECT seq, hash FROM monitoring_audit ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
    private static final String INSERT = "INSERT INTO monitoring_audit"
            + " (seq, at, kind, supervisor_id, target, call_id, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_ALL = "SELECT seq, at, kind, supervisor_id, target, call_id, detail, previous_hash, hash"
            + " FROM monitoring_audit ORDER BY seq";
    /** H2: write what is committed to the file and fsync it; the same durability a PostgreSQL commit gives. */
    private static final String H2_SYNC = "CHECKPOINT SYNC";
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final boolean h2;
    /** Fair, so that an HTTP request waiting to acknowledge is not overtaken indefinitely by the event recorder. */
    private final ReentrantLock appending = new ReentrantLock(true);
    /** The newest entry this process stored or found at start; a stored tail behind it means rows were deleted. */
    private volatile Tail known;
    private volatile boolean truncated;

    /** The sequence number and hash of the last entry. */
    public record Tail(long sequence, String hash) {
        static final Tail EMPTY = new Tail(0, AuditEntry.GENESIS);
    }

    /**
     * An audit over the store's database; the schema must be migrated already ({@code JdbcStore.open} does that).
     * Reads the stored tail, so that the chain continues where the last run left it, and on H2 checks that the user
     * may run {@code CHECKPOINT}, so that a missing right fails at start rather than at the first monitoring request.
     *
     * @param dataSource the store's pool, e.g. {@code JdbcStore.dataSource()}; it stays owned by the caller
     * @throws StoreException when the database cannot be read or the audit table is missing
     */
    public JdbcMonitoringAudit(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            this.h2 = "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            this.known = readTail(connection);
            if (h2) {
                sync(connection);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot open the monitoring audit", e);
        }
        LOG.info("Monitoring audit continues after entry {}", known.sequence());
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        AuditRecord stored = storable(record);
        appending.lock();
        try (Connection connection = dataSource.getConnection()) {
            // Auto-commit makes the INSERT its own transaction; a pool configured otherwise must not leave it pending.
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            Tail tail = readTail(connection);
            Tail expected = known;
            if (tail.sequence() < expected.sequence()) {
                // Entries this process has seen are gone: the chain we are about to extend is not the whole log.
                truncated = true;
                LOG.error("The monitoring audit ends at entry {}, but entry {} was stored before: entries were deleted",
                        tail.sequence(), expected.sequence());
            }
            long sequence = tail.sequence() + 1;
            String hash = AuditEntry.hashOf(tail.hash(), stored);
            insert(connection, sequence, stored, tail.hash(), hash);
            if (h2) {
                sync(connection);
            }
            AuditEntry entry = new AuditEntry(sequence, stored, tail.hash(), hash);
            known = new Tail(sequence, hash);
            return entry;
        } catch (SQLException e) {
            throw new StoreException("Cannot append " + record.kind() + " of supervisor " + record.supervisorUserId()
                    + " to the monitoring audit", e);
        } finally {
            appending.unlock();
        }
    }

    /**
     * Stores entries whose sequence and hashes were computed elsewhere (a journal made them durable first), in one
     * transaction, skipping those already stored: what a write-behind and a recovery do. The entries must continue
     * the stored chain.
     *
     * @throws StoreException when they cannot be stored, or do not continue the stored chain
     */
    public void store(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        appending.lock();
        try (Connection connection = dataSource.getConnection()) {
            Tail tail = readTail(connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            // One statement and one JDBC batch for all of them: a write-behind stores a second's entries at once
            // (thousands when supervisors are busy), not a statement and a round trip each.
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (AuditEntry entry : entries) {
                    if (entry.sequence() <= tail.sequence()) {
                        continue;
                    }
                    if (entry.sequence() != tail.sequence() + 1 || !entry.previousHash().equals(tail.hash())) {
                        throw new StoreException("Audit entry " + entry.sequence() + " does not continue the stored chain at "
                                + tail.sequence());
                    }
                    bind(insert, entry.sequence(), entry.record(), entry.previousHash(), entry.hash());
                    insert.addBatch();
                    tail = new Tail(entry.sequence(), entry.hash());
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            if (h2) {
                sync(connection);
            }
            if (tail.sequence() > known.sequence()) {
                known = tail;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot store " + entries.size() + " monitoring audit entries", e);
        } finally {
            appending.unlock();
        }
    }

    /** The sequence number and hash of the last stored entry ({@code 0} and the genesis hash for none). */
    public Tail tail() {
        try (Connection connection = dataSource.getConnection()) {
            return readTail(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the monitoring audit's tail", e);
        }
    }

    @Override
    public List<AuditEntry> entries() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_ALL);
                ResultSet rows = select.executeQuery()) {
            List<AuditEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(entry(rows));
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the monitoring audit", e);
        }
    }

    /**
     * Whether the stored chain is intact: every hash recomputes from the stored rows, the sequence has no gap, and no
     * entry this process stored or found at start has disappeared from the end (a hash chain alone cannot show that).
     */
    @Override
    public boolean verify() {
        // Read what we know before the rows: anything appended in between is in the rows as well.
        Tail expected = known;
        boolean wasTruncated = truncated;
        List<AuditEntry> entries = entries();
        if (wasTruncated || !AuditEntry.chainValid(entries)) {
            return false;
        }
        if (expected.sequence() == 0) {
            return true;
        }
        return entries.size() >= expected.sequence() && entries.get((int) expected.sequence() - 1).hash().equals(expected.hash());
    }

    /**
     * Whether the database answers now: for a health check. Waits for a pooled connection as long as the pool lets
     * it, then at most {@value #VALIDATION_TIMEOUT_SECONDS} s for the database.
     *
     * @return true when a connection could be borrowed and is valid
     */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("The monitoring audit's database is not reachable", e);
            return false;
        }
    }

    private static Tail readTail(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_TAIL);
                ResultSet rows = select.executeQuery()) {
            return rows.next() ? new Tail(rows.getLong(1), rows.getString(2)) : Tail.EMPTY;
        }
    }

    private static void insert(Connection connection, long sequence, AuditRecord record, String previousHash, String hash)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, sequence, record, previousHash, hash);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement insert, long sequence, AuditRecord record, String previousHash, String hash)
            throws SQLException {
        insert.setLong(1, sequence);
        insert.setObject(2, record.at().atOffset(ZoneOffset.UTC));
        insert.setString(3, record.kind());
        insert.setString(4, record.supervisorUserId());
        setNullable(insert, 5, record.target());
        setNullable(insert, 6, record.callId());
        setNullable(insert, 7, record.detail());
        insert.setString(8, previousHash);
        insert.setString(9, hash);
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void sync(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(H2_SYNC);
        }
    }

    private static AuditEntry entry(ResultSet rows) throws SQLException {
        AuditRecord record = new AuditRecord(rows.getObject("at", OffsetDateTime.class).toInstant(), rows.getString("kind"),
                rows.getString("supervisor_id"), rows.getString("target"), rows.getString("call_id"), rows.getString("detail"));
        return new AuditEntry(rows.getLong("seq"), record, rows.getString("previous_hash"), rows.getString("hash"));
    }

    /** The record as the database will give it back, so that its hash still holds after a reload. */
    public static AuditRecord storable(AuditRecord record) {
        Instant at = record.at().truncatedTo(ChronoUnit.MICROS);
        return new AuditRecord(at, text(record.kind()), text(record.supervisorUserId()), text(record.target()),
                text(record.callId()), text(record.detail()));
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String withoutNul = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
        // Encoding replaces each unpaired surrogate by '?', which is also what the hash (over UTF-8) sees of it.
        return new String(withoutNul.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
