package dev.switchboard.core.supervision;

import java.util.List;

/**
 * The append-only audit log of supervisor monitoring, chained by SHA-256. {@link #append} returns once the entry is
 * durable, so the API can acknowledge a request only after its entry is safe.
 */
public interface MonitoringAudit {

    /** Appends a record at the end of the chain; returns the stored entry once it is durable. */
    AuditEntry append(AuditRecord record);

    /** Every entry, oldest first. */
    List<AuditEntry> entries();

    /** Whether the stored chain is intact (see {@link AuditEntry#chainValid}). */
    default boolean verify() {
        return AuditEntry.chainValid(entries());
    }
}
