package dev.switchboard.server.durable;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.server.http.Json;

/**
 * The journal's form of a monitoring audit entry (a journal event): a JSON object with member {@code audit} holding the
 * entry as the table stores it, sequence and hashes included, so that what the journal made durable is stored as is.
 */
final class AuditEvents {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private AuditEvents() {
    }

    static byte[] encode(AuditEntry entry) {
        Map<String, Object> audit = new LinkedHashMap<>();
        AuditRecord record = entry.record();
        audit.put("sequence", entry.sequence());
        audit.put("at", record.at().toString());
        audit.put("kind", record.kind());
        audit.put("supervisorUserId", record.supervisorUserId());
        audit.put("target", record.target());
        audit.put("callId", record.callId());
        audit.put("detail", record.detail());
        audit.put("previousHash", entry.previousHash());
        audit.put("hash", entry.hash());
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("audit", audit));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * @return the entry, or {@code null} when the event is not an audit entry
     * @throws IllegalArgumentException when it is one this version cannot read
     */
    static AuditEntry decode(byte[] payload) {
        Map<String, Object> json;
        try {
            json = Json.MAPPER.readValue(payload, OBJECT);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("Not a journal event: " + unreadable.getMessage(), unreadable);
        }
        if (!(json.get("audit") instanceof Map<?, ?> audit)) {
            return null;
        }
        try {
            AuditRecord record = new AuditRecord(Instant.parse(text(audit, "at")), text(audit, "kind"), text(audit, "supervisorUserId"),
                    text(audit, "target"), text(audit, "callId"), text(audit, "detail"));
            return new AuditEntry(((Number) audit.get("sequence")).longValue(), record, text(audit, "previousHash"),
                    text(audit, "hash"));
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException("Not an audit entry: " + unreadable.getMessage(), unreadable);
        }
    }

    private static String text(Map<?, ?> json, String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }
}
