package dev.switchboard.server.durable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.supervision.OpenMonitoring;
import dev.switchboard.core.telephony.Restored;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.server.audit.OpenEnds;

/**
 * What a start makes of what the previous process left: its device records go back into the switches, except the
 * NextCall subscriptions that had their call (the call ended with that process, and with it the subscription); what
 * goes on is what the audit must keep open ({@link #continuing}).
 */
public final class Restart {
    private Restart() {
    }

    /** The records to restore: as recorded, without the monitoring of a NextCall subscription that has had its call. */
    public static List<DeviceRecord> toRestore(List<DeviceRecord> records, MonitoringAudit audit) {
        Set<String> joined = OpenMonitoring.joinedSinceRequest(audit.entries());
        List<DeviceRecord> result = new ArrayList<>(records.size());
        for (DeviceRecord record : records) {
            MonitoringView monitoring = record.monitoring();
            if (monitoring != null && monitoring.mode() == MonitoringMode.NEXT_CALL && joined.contains(monitoring.supervisorUserId())) {
                result.add(new DeviceRecord(record.deviceId(), record.userId(), record.agentState(), record.workMode(), record.reason(),
                        record.agentStateSince(), record.wrapUpEnds(), record.doNotDisturb(), record.forwardTo(), null));
            } else {
                result.add(record);
            }
        }
        return result;
    }

    /** Restores the records (see {@link #toRestore}) into the contact center, waiting for its switches. */
    public static Restored restore(ContactCenter contactCenter, List<DeviceRecord> records, MonitoringAudit audit) {
        return contactCenter.restore(toRestore(records, audit)).join();
    }

    /** The sessions and subscriptions the contact center carries now: what goes on past a stop or a restart. */
    public static OpenEnds.Continuing continuing(ContactCenter contactCenter) {
        Set<String> supervisors = new LinkedHashSet<>();
        contactCenter.subscriptions().values().forEach(view -> supervisors.add(view.supervisorUserId()));
        return new OpenEnds.Continuing(contactCenter.sessionUserIds(), Set.copyOf(supervisors));
    }
}
