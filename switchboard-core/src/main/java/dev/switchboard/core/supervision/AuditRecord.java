package dev.switchboard.core.supervision;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to supervisor monitoring, as the audit log keeps it.
 *
 * @param kind             {@code REQUEST}, {@code DENIAL}, {@code JOIN}, {@code SWITCH}, {@code MUTE}, {@code UNMUTE},
 *                         {@code LEAVE} or {@code END}
 * @param supervisorUserId who
 * @param target           the monitored number (or what the request named), or {@code null}
 * @param callId           the call concerned, or {@code null}
 * @param detail           the request's parameters, the reason of a denial, leave or end, or the new mode; or {@code null}
 */
public record AuditRecord(Instant at, String kind, String supervisorUserId, String target, String callId, String detail) {

    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(supervisorUserId, "supervisorUserId");
    }

    /** The text the hash covers: every field, in order, unambiguously separated. */
    public String canonical() {
        return String.join("\u001f", at.toString(), kind, supervisorUserId, String.valueOf(target), String.valueOf(callId),
                String.valueOf(detail));
    }
}
