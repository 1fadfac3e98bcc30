package dev.switchboard.core.supervision;

import java.util.function.Consumer;

import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;

/**
 * Appends what the switch reports of monitoring (joins, switches, mutes, leaves, ends) to the audit log. It runs as
 * the consumer of its own event hand-off; requests and denials are appended by the API before it replies.
 */
public final class MonitoringAuditRecorder implements Consumer<SwitchEvent> {
    private final MonitoringAudit audit;

    public MonitoringAuditRecorder(MonitoringAudit audit) {
        this.audit = audit;
    }

    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof MonitoringEvent monitoring) {
            audit.append(new AuditRecord(monitoring.at(), monitoring.kind(), monitoring.supervisorUserId(), monitoring.targetNumber(),
                    monitoring.callId(), monitoring.detail()));
        }
    }
}
