package dev.switchboard.server.durable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.view.DeviceRecord;
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
    private final StateJournal state;

    private DurableState(Journal journal, List<DeviceRecord> recovered) {
        this.journal = journal;
        this.recovered = recovered;
        this.state = new StateJournal(journal, journal.recovery().state());
    }

    /**
     * Opens (or creates) the journal in {@code dir} and reads what it holds.
     *
     * @throws JournalException when it cannot (held by another process, corrupt, unreadable)
     */
    public static DurableState open(Path dir) throws JournalException {
        Journal journal = Journal.open(dir, Journal.Settings.defaults());
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
        return new DurableState(journal, records);
    }

    /** The device records a previous process left, for {@code ContactCenter.restore}. */
    public List<DeviceRecord> recovered() {
        return recovered;
    }

    /** A switch's sink: durable records to the journal, the rest to {@code downstream}. */
    public EventSink sink(EventSink downstream) {
        return state.before(downstream);
    }

    /** What replies wait for; agent states too when {@code agentStatesSync}. */
    public Acknowledgements acknowledgements(boolean agentStatesSync) {
        return new Acknowledgements(journal, state, agentStatesSync, ACKNOWLEDGEMENT_TIMEOUT);
    }

    public Journal journal() {
        return journal;
    }

    @Override
    public void close() {
        try {
            journal.awaitAll(ACKNOWLEDGEMENT_TIMEOUT);
        } catch (JournalException e) {
            LOG.warn("event=journal-close-incomplete reason={}", e.getMessage());
        }
        journal.close();
    }
}
