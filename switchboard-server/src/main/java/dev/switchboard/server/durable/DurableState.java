package dev.switchboard.server.durable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.journal.Journal;
import dev.switchboard.server.journal.JournalException;

/**
 * The server's durable switch state: the journal in {@code DATA_DIR/journal}, what it recovered at start, the sink that
 * keeps it up to date and the acknowledgements that wait for it. One per server; closed at stop, after the switches.
 */
public final class DurableState implements AutoCloseable {
    /** How long a reply waits for its change to be durable before it says it is not. */
    public static final Duration ACKNOWLEDGEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(DurableState.class);

    private final Journal journal;
    private final List<DeviceRecord> recovered;
    private StateJournal state;
    private final AtomicReference<Consumer<List<Journal.Event>>> durableEvents;
    private AuditWriteBehind writeBehind;

    private DurableState(Journal journal, List<DeviceRecord> recovered, AtomicReference<Consumer<List<Journal.Event>>> durableEvents) {
        this.journal = journal;
        this.recovered = recovered;
        this.durableEvents = durableEvents;
    }

    /**
     * Opens (or creates) the journal in {@code dir} and reads what it holds.
     *
     * @throws JournalException when it cannot (held by another process, corrupt, unreadable)
     */
    public static DurableState open(Path dir) throws JournalException {
        // The journal's events (audit entries) go to the write-behind once there is one (see audit()).
        AtomicReference<Consumer<List<Journal.Event>>> durableEvents = new AtomicReference<>();
        Journal journal = Journal.open(dir, Journal.Settings.defaults().withDurableEvents(events -> {
            Consumer<List<Journal.Event>> target = durableEvents.get();
            if (target != null) {
                target.accept(events);
            }
        }));
        List<DeviceRecord> records = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : journal.recovery().state().entrySet()) {
            if (entry.getKey().startsWith(DeviceRecords.PREFIX)) {
                try {
                    records.add(DeviceRecords.decode(entry.getValue()));
                } catch (IllegalArgumentException unreadable) {
                    LOG.warn("event=journal-record-skipped key={} reason={}", entry.getKey(), unreadable.getMessage());
                }
            }
        }
        LOG.info("event=journal-open dir={} devices={} note={}", dir, records.size(), journal.recovery().note());
        return new DurableState(journal, records, durableEvents);
    }

    /** The device records a previous process left, for {@code ContactCenter.restore}. */
    public List<DeviceRecord> recovered() {
        return recovered;
    }

    /**
     * A switch's sink: durable records and the audit's monitoring events to the journal, the rest to
     * {@code downstream}. After {@link #audit}.
     */
    public EventSink sink(EventSink downstream) {
        if (state == null) {
            throw new IllegalStateException("The audit comes first: the sink appends the switch's monitoring events to it");
        }
        return state.before(downstream);
    }

    /** What replies wait for; agent states too when {@code agentStatesSync}. */
    public Acknowledgements acknowledgements(boolean agentStatesSync) {
        if (state == null) {
            throw new IllegalStateException("The audit comes first");
        }
        return new Acknowledgements(journal, state, agentStatesSync, ACKNOWLEDGEMENT_TIMEOUT);
    }

    /**
     * The monitoring audit, durable by the journal and stored behind into {@code table}. What a previous process made
     * durable but did not store is stored now, before anything is appended.
     *
     * @throws dev.switchboard.server.store.StoreException when the leftovers cannot be stored (they stay in the journal)
     */
    public JournaledAudit audit(JdbcMonitoringAudit table) {
        if (writeBehind != null) {
            throw new IllegalStateException("The audit is made once");
        }
        List<AuditEntry> left = new ArrayList<>();
        long last = 0;
        for (Journal.Event event : journal.recovery().events()) {
            try {
                AuditEntry entry = AuditEvents.decode(event.payload());
                if (entry != null) {
                    left.add(entry);
                }
            } catch (IllegalArgumentException unreadable) {
                LOG.warn("event=journal-event-skipped position={} reason={}", event.position(), unreadable.getMessage());
            }
            last = event.position();
        }
        table.store(left);
        if (last > 0) {
            journal.release(last);
        }
        LOG.info("event=audit-recovered entries={}", left.size());
        JournaledAudit audit = new JournaledAudit(journal, table, ACKNOWLEDGEMENT_TIMEOUT);
        writeBehind = new AuditWriteBehind(journal, table, audit);
        durableEvents.set(writeBehind::accept);
        state = new StateJournal(journal, journal.recovery().state(), audit);
        return audit;
    }

    public Journal journal() {
        return journal;
    }

    /** Waits for what is queued, closes the journal, then lets the write-behind store what it was handed. */
    @Override
    public void close() {
        try {
            journal.awaitAll(ACKNOWLEDGEMENT_TIMEOUT);
        } catch (JournalException e) {
            LOG.warn("event=journal-close-incomplete reason={}", e.getMessage());
        }
        journal.close();
        if (writeBehind != null) {
            writeBehind.close();
        }
    }
}
