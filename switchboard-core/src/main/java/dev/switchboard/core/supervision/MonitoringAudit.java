package dev.switchboard.core.supervision;

import java.util.List;

/**
 * The append-only audit log of supervisor monitoring, chained by SHA-256. {@link #append} returns once the entry is
 * durable, so the API can acknowledge a request only after its entry is safe.
 */
public interface MonitoringAudit {

    /** Appends a record at the end of the chain; returns the stored entry once it is durable. */
    AuditEntry append(AuditRecord record);

    /**
     * Appends a record at the end of the chain without waiting for it to be durable: for a caller that waits for it
     * together with what follows (one sync for both). By default the same as {@link #append}.
     */
    default AuditEntry appendQueued(AuditRecord record) {
        return append(record);
    }

    /** Every entry, oldest first. */
    List<AuditEntry> entries();

    /** Whether the stored chain is intact (see {@link AuditEntry#chainValid}). */
    default boolean verify() {
        return AuditEntry.chainValid(entries());
    }
}
