package dev.switchboard.server.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.journal.Journal;
import dev.switchboard.server.journal.JournalException;
import dev.switchboard.server.store.StoreException;

/**
 * The monitoring audit made durable by the journal: an append chains the entry in memory (sequence and SHA-256, under
 * one lock, continuing the table's chain), queues it as a journal event and returns once the journal's group commit
 * has it on disk — one fdatasync shared with every change of the same moment, instead of a database commit of its
 * own. The table ({@link JdbcMonitoringAudit}) gets the entries behind, in batches ({@link AuditWriteBehind}); until
 * then {@link #entries()} shows them from memory, and after a crash the next start stores them from the journal
 * before it serves. Thread-safe.
 */
public final class JournaledAudit implements MonitoringAudit {
    private final Journal journal;
    private final JdbcMonitoringAudit table;
    private final Duration timeout;
    /** Fair, so that an HTTP request waiting to acknowledge is not overtaken indefinitely by the event recorder. */
    private final ReentrantLock appending = new ReentrantLock(true);
    /** Durable in the journal, not yet in the table, by sequence. */
    private final ConcurrentSkipListMap<Long, AuditEntry> pending = new ConcurrentSkipListMap<>();
    private long tailSequence;
    private String tailHash;

    /** An audit whose chain continues after the table's last entry (the journal's leftovers are stored already). */
    JournaledAudit(Journal journal, JdbcMonitoringAudit table, Duration timeout) {
        this.journal = journal;
        this.table = table;
        this.timeout = timeout;
        JdbcMonitoringAudit.Tail tail = table.tail();
        this.tailSequence = tail.sequence();
        this.tailHash = tail.hash();
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        Queued queued = queue(record);
        try {
            journal.await(queued.position(), timeout);
        } catch (JournalException failed) {
            throw new StoreException("The monitoring audit entry " + queued.entry().sequence() + " is not durable: " + failed.getMessage(),
                    failed);
        }
        return queued.entry();
    }

    /**
     * Appends without waiting for the disk: for the switch thread, which must not block, and for a request that queues
     * its entry before the change it asks for. The entry goes to disk with the next record queued after it (the device
     * records of that change, in the journal's order), or as soon as someone waits, or a couple of milliseconds later;
     * whoever acknowledges the change waits for it.
     *
     * @throws StoreException when the journal cannot take it (full, failed, closed)
     */
    @Override
    public AuditEntry appendQueued(AuditRecord record) {
        return queue(record).entry();
    }

    private record Queued(AuditEntry entry, long position) {
    }

    private Queued queue(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        AuditRecord stored = JdbcMonitoringAudit.storable(record);
        appending.lock();
        try {
            long sequence = tailSequence + 1;
            AuditEntry entry = new AuditEntry(sequence, stored, tailHash, AuditEntry.hashOf(tailHash, stored));
            // Pending before it is queued: once queued, another request's sync can make it durable and the write-behind
            // store it and clear it from here at any moment, which must not come before this put.
            pending.put(sequence, entry);
            long position;
            try {
                // Queued under the lock, so that the journal holds the entries in chain order.
                // With what follows: appendQueued's caller waits for it together with the change after it, and append
                // waits at once (which takes it to disk without a linger).
                position = journal.eventWithNext(AuditEvents.encode(entry));
            } catch (JournalException failed) {
                pending.remove(sequence);
                throw new StoreException("Cannot append " + record.kind() + " to the monitoring audit: " + failed.getMessage(),
                        failed);
            }
            tailSequence = sequence;
            tailHash = entry.hash();
            return new Queued(entry, position);
        } finally {
            appending.unlock();
        }
    }

    /** The table has every entry up to {@code sequence}: they are no longer kept here. */
    void stored(long sequence) {
        pending.headMap(sequence, true).clear();
    }

    @Override
    public List<AuditEntry> entries() {
        // Pending first: an entry stored meanwhile is then in the table's rows, and one still pending is in the copy.
        List<AuditEntry> notYetStored = new ArrayList<>(pending.values());
        List<AuditEntry> entries = new ArrayList<>(table.entries());
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
        for (AuditEntry entry : notYetStored) {
            if (entry.sequence() > last) {
                entries.add(entry);
            }
        }
        return entries;
    }

    @Override
    public boolean verify() {
        return table.verify() && AuditEntry.chainValid(entries());
    }

    /** How many entries wait for the table. */
    public int pendingCount() {
        return pending.size();
    }
}
