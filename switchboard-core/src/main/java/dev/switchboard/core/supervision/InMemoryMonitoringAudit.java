package dev.switchboard.core.supervision;

import java.util.ArrayList;
import java.util.List;

/** An audit log that forgets on exit: for unit tests. Appends are serialized, which is what keeps the chain whole. */
public final class InMemoryMonitoringAudit implements MonitoringAudit {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(AuditRecord record) {
        String previous = entries.isEmpty() ? AuditEntry.GENESIS : entries.get(entries.size() - 1).hash();
        AuditEntry entry = new AuditEntry(entries.size() + 1L, record, previous, AuditEntry.hashOf(previous, record));
        entries.add(entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> entries() {
        return List.copyOf(new ArrayList<>(entries));
    }
}
