package dev.switchboard.server.durable;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.ReadyWorkMode;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.server.http.Json;

/**
 * The journal's form of a {@link DeviceRecord}: one key per device ({@value #PREFIX} and its id), a small JSON object
 * as its value, enum constants by name and times in ISO-8601, so that a journal written by one version reads in the
 * next (a member it does not know is ignored, one it misses is absent).
 */
final class DeviceRecords {
    /** The prefix of the keys of device records. */
    static final String PREFIX = "device/";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private DeviceRecords() {
    }

    static String key(String deviceId) {
        return PREFIX + deviceId;
    }

    static byte[] encode(DeviceRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deviceId", record.deviceId());
        put(json, "userId", record.userId());
        json.put("agentState", record.agentState().name());
        put(json, "workMode", record.workMode() == null ? null : record.workMode().name());
        put(json, "reason", record.reason());
        json.put("agentStateSince", record.agentStateSince().toString());
        put(json, "wrapUpEnds", record.wrapUpEnds() == null ? null : record.wrapUpEnds().toString());
        json.put("doNotDisturb", record.doNotDisturb());
        put(json, "forwardTo", record.forwardTo());
        MonitoringView monitoring = record.monitoring();
        if (monitoring != null) {
            Map<String, Object> subscription = new LinkedHashMap<>();
            subscription.put("type", monitoring.type().name());
            subscription.put("mode", monitoring.mode().name());
            subscription.put("scope", monitoring.scope().name());
            put(subscription, "targetDeviceId", monitoring.targetDeviceId());
            subscription.put("targetNumber", monitoring.targetNumber());
            subscription.put("switchName", monitoring.switchName());
            subscription.put("supervisorUserId", monitoring.supervisorUserId());
            subscription.put("created", monitoring.created().toString());
            json.put("monitoring", subscription);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are no device record this version can read
     */
    static DeviceRecord decode(byte[] bytes) {
        try {
            Map<String, Object> json = Json.MAPPER.readValue(bytes, OBJECT);
            Map<?, ?> subscription = (Map<?, ?>) json.get("monitoring");
            MonitoringView monitoring = subscription == null ? null : new MonitoringView(
                    MonitoringType.valueOf(text(subscription, "type")), MonitoringMode.valueOf(text(subscription, "mode")),
                    MonitoringScope.valueOf(text(subscription, "scope")), text(subscription, "targetDeviceId"),
                    text(subscription, "targetNumber"), text(subscription, "switchName"), text(subscription, "supervisorUserId"),
                    Instant.parse(text(subscription, "created")));
            String workMode = text(json, "workMode");
            String wrapUpEnds = text(json, "wrapUpEnds");
            return new DeviceRecord(text(json, "deviceId"), text(json, "userId"), AgentState.valueOf(text(json, "agentState")),
                    workMode == null ? null : ReadyWorkMode.valueOf(workMode), text(json, "reason"),
                    Instant.parse(text(json, "agentStateSince")), wrapUpEnds == null ? null : Instant.parse(wrapUpEnds),
                    Boolean.TRUE.equals(json.get("doNotDisturb")), text(json, "forwardTo"), monitoring);
        } catch (IOException | RuntimeException unreadable) {
            throw new IllegalArgumentException("Not a device record: " + unreadable.getMessage(), unreadable);
        }
    }

    private static void put(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static String text(Map<?, ?> json, String name) {
        Object value = json.get(name);
        return value == null ? null : value.toString();
    }
}
