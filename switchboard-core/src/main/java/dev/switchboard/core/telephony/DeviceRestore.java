package dev.switchboard.core.telephony;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.model.Device;
import dev.switchboard.core.model.Devices;
import dev.switchboard.core.routing.AcdRouting;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.supervision.Supervision;
import dev.switchboard.core.view.DeviceRecord;
import dev.switchboard.core.view.MonitoringView;

/**
 * Takes back what a previous process recorded of the devices ({@link DeviceRecord}s): sessions on their places,
 * agent states as they were (no login, no new time in state), a wrap-up for what was left of it, do-not-disturb,
 * forwarding, and the monitoring subscriptions the policy still allows. Whatever no longer fits the configuration
 * (a user, device or place gone, a place now held by someone else) or the policy is dropped and said so. Switch
 * thread only; runs before the switch takes any command.
 */
final class DeviceRestore {
    private final Directory directory;
    private final Devices devices;
    private final DeviceCommands commands;
    private final Supervision supervision;
    private final AcdRouting routing;
    private final Clock clock;

    DeviceRestore(Directory directory, Devices devices, DeviceCommands commands, Supervision supervision, AcdRouting routing,
                  Clock clock) {
        this.directory = directory;
        this.devices = devices;
        this.commands = commands;
        this.supervision = supervision;
        this.routing = routing;
        this.clock = clock;
    }

    Restored restore(List<DeviceRecord> records) {
        List<String> dropped = new ArrayList<>();
        Map<String, DeviceRecord> byDevice = new LinkedHashMap<>();
        for (DeviceRecord record : records) {
            if (devices.byId(record.deviceId()) == null) {
                dropped.add("device " + record.deviceId() + ": no longer an agent device of this switch");
            } else {
                byDevice.put(record.deviceId(), record);
            }
        }
        Set<Device> restored = new LinkedHashSet<>();
        List<String> users = new ArrayList<>();
        for (DeviceRecord record : byDevice.values()) {
            if (record.userId() != null && !users.contains(record.userId())) {
                String why = restoreSession(record.userId(), byDevice, restored);
                if (why == null) {
                    users.add(record.userId());
                } else {
                    dropped.add("session of user " + record.userId() + ": " + why);
                }
            }
        }
        for (DeviceRecord record : byDevice.values()) {
            Device device = devices.byId(record.deviceId());
            if (record.userId() == null || record.userId().equals(device.userId)) {
                device.doNotDisturb = record.doNotDisturb();
                device.forwardTo = record.forwardTo();
                restored.add(device);
            }
        }
        int subscriptions = 0;
        for (DeviceRecord record : byDevice.values()) {
            if (record.monitoring() != null) {
                String why = restoreMonitoring(devices.byId(record.deviceId()), record.monitoring());
                if (why == null) {
                    subscriptions++;
                } else {
                    dropped.add("monitoring by user " + record.monitoring().supervisorUserId() + " of " + record.monitoring().targetNumber()
                            + ": " + why);
                }
            }
        }
        for (Device device : restored) {
            if (device.userId != null) {
                devices.changed(device, device.userId, DeviceChange.RESTORED);
            } else {
                devices.refreshView(device);
            }
        }
        routing.dispatch();
        return new Restored(users, subscriptions, dropped);
    }

    /** Restores the user's session on the place of their recorded devices; why not, or {@code null}. */
    private String restoreSession(String userId, Map<String, DeviceRecord> byDevice, Set<Device> restored) {
        Optional<User> user = directory.userById(userId);
        if (user.isEmpty()) {
            return "no such user";
        }
        Device first = null;
        for (DeviceRecord record : byDevice.values()) {
            if (userId.equals(record.userId())) {
                first = devices.byId(record.deviceId());
                break;
            }
        }
        Optional<Place> place = first.dn.place() == null ? Optional.empty() : directory.placeByName(first.dn.place());
        if (place.isEmpty()) {
            return "device " + first.dn.number() + " is on no place";
        }
        List<Device> placeDevices = new ArrayList<>();
        for (Dn dn : directory.dnsOf(place.get())) {
            Device device = devices.byId(dn.id());
            if (device == null || device.userId != null) {
                return "place " + place.get().name() + " is no longer free";
            }
            placeDevices.add(device);
        }
        if (!commands.claimRestored(user.get(), place.get())) {
            return "the session is held elsewhere";
        }
        Instant now = clock.instant();
        for (Device device : placeDevices) {
            device.userId = userId;
            DeviceRecord record = byDevice.get(device.dn.id());
            if (record != null && userId.equals(record.userId())) {
                restoreAgentState(device, record, now);
            }
            restored.add(device);
        }
        return null;
    }

    private void restoreAgentState(Device device, DeviceRecord record, Instant now) {
        device.agentState = record.agentState();
        device.readyWorkMode = record.workMode();
        device.reason = record.reason();
        device.agentStateSince = record.agentStateSince();
        if (record.agentState() == AgentState.AFTER_CALL_WORK && record.wrapUpEnds() != null) {
            if (record.wrapUpEnds().isAfter(now)) {
                commands.wrapUpFor(device, Duration.between(now, record.wrapUpEnds()));
            } else {
                // The wrap-up ran out while no process was there to end it: it ends now.
                device.changeAgentState(AgentState.AFTER_CALL_WORK.onWrapUpElapsed(), null, now);
            }
        }
        if (device.agentState == AgentState.READY) {
            routing.agentReady(device);
        }
    }

    /** Restores a subscription the policy still allows; why not, or {@code null}. */
    private String restoreMonitoring(Device device, MonitoringView monitoring) {
        if (device.userId == null || !device.userId.equals(monitoring.supervisorUserId())) {
            return "the supervisor's session did not go on";
        }
        User supervisor = directory.userById(device.userId).orElseThrow();
        MonitoringRequest request = new MonitoringRequest(monitoring.type(), monitoring.scope(), monitoring.mode(),
                monitoring.targetNumber());
        Outcome refused = commands.monitoringRefused(supervisor, device, request);
        if (refused instanceof Outcome.Refused no) {
            return no.message();
        }
        supervision.restore(device, supervisor.id(), devices.byNumber(monitoring.targetNumber()), monitoring.targetNumber(), request,
                monitoring.created());
        return null;
    }
}
