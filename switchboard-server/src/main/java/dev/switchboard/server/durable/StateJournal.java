package dev.switchboard.server.durable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.event.DurableStateChanged;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.server.journal.Journal;
import dev.switchboard.server.journal.JournalException;
import dev.switchboard.server.store.StoreException;

/**
 * Keeps the switches' durable state in the journal: in front of each switch's sink ({@link #before}), each
 * {@link DurableStateChanged} is written (a device's record under its key, a blank device's key deleted) on the switch
 * thread, in the change's order and before the command's reply can be sent, and every other event goes on. A record
 * equal to the one last written is not written again. Writing only queues: the journal's writer makes it durable, and
 * whoever acknowledges a change waits for that ({@link Acknowledgements}).
 *
 * <p>Several switches may publish at once (one thread each); the last-written map is guarded by this object.
 */
public final class StateJournal {
    private static final Logger LOG = LoggerFactory.getLogger(StateJournal.class);
    private final Journal journal;
    private final JournaledAudit audit;
    private final Map<String, byte[]> written = new HashMap<>();
    private volatile boolean behind;

    /**
     * @param journal   where the records go
     * @param recovered the values the journal recovered (key to value), so that a restore does not write them again
     * @param audit     where the switch's monitoring events (JOIN, SWITCH, MUTE, LEAVE, END) are appended, on the
     *                  switch thread and in the journal's order with the records of the same change
     */
    public StateJournal(Journal journal, Map<String, byte[]> recovered, JournaledAudit audit) {
        this.journal = journal;
        this.audit = audit;
        this.written.putAll(recovered);
    }

    /** A switch's sink: durable records to the journal, every other event to {@code downstream}. */
    public EventSink before(EventSink downstream) {
        return new EventSink() {
            @Override
            public void publish(SwitchEvent event) {
                if (event instanceof DurableStateChanged changed) {
                    write(changed);
                    return;
                }
                if (event instanceof MonitoringEvent monitoring) {
                    audit(monitoring);
                }
                downstream.publish(event);
            }

            @Override
            public boolean hasRoom() {
                return journal.hasRoom() && downstream.hasRoom();
            }
        };
    }

    private synchronized void write(DurableStateChanged changed) {
        for (DeviceRecord record : changed.devices()) {
            String key = DeviceRecords.key(record.deviceId());
            byte[] value = record.isBlank() ? null : DeviceRecords.encode(record);
            if (value == null ? !written.containsKey(key) : Arrays.equals(value, written.get(key))) {
                continue;
            }
            try {
                journal.put(key, value);
            } catch (JournalException failed) {
                // The switch asked hasRoom before the command, but another switch may have filled the queue since, or
                // the journal failed: the change stands in memory, and is not acknowledged (see behind()). Never
                // thrown at the switch: the events after it must still reach the clients.
                behind = true;
                LOG.error("event=journal-put-failed key={} reason={}", key, failed.reason(), failed);
                continue;
            }
            if (value == null) {
                written.remove(key);
            } else {
                written.put(key, value);
            }
        }
    }

    private void audit(MonitoringEvent monitoring) {
        try {
            audit.appendQueued(new AuditRecord(monitoring.at(), monitoring.kind(), monitoring.supervisorUserId(),
                    monitoring.targetNumber(), monitoring.callId(), monitoring.detail()));
        } catch (StoreException failed) {
            // As for a record: the switch goes on, the change is not acknowledged.
            behind = true;
            LOG.error("event=audit-append-failed kind={} supervisor={}", monitoring.kind(), monitoring.supervisorUserId(), failed);
        }
    }

    /** Whether a record could not be written: changes are applied but no longer durable, and are not acknowledged. */
    public boolean behind() {
        return behind;
    }
}
