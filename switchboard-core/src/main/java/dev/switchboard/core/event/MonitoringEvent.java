package dev.switchboard.core.event;

import java.time.Instant;

/**
 * Something that happened to a supervisor's monitoring, for the audit log: a join, a mode switch, a mute, a leave, the
 * end of a subscription. Clients never see it; requests and denials are audited by the API, which sees them first.
 *
 * @param kind     {@code JOIN}, {@code SWITCH}, {@code MUTE}, {@code UNMUTE}, {@code LEAVE} or {@code END}
 * @param callId   the call concerned, or {@code null}
 * @param detail   the new mode, or the reason for a leave or an end
 */
public record MonitoringEvent(Instant at, String supervisorUserId, String kind, String targetNumber, String callId, String detail)
        implements SwitchEvent {
}
