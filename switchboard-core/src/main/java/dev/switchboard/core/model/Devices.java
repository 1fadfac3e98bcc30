package dev.switchboard.core.model;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.view.DeviceView;

/**
 * A switch's agent devices, by id and by number, with the views it publishes of them: the live devices are the switch
 * thread's, the views anyone's. A change of a device is announced through {@link #changed}, which publishes its view
 * and emits its {@link DeviceStateChanged} into the change in progress, in order with the call events.
 */
public final class Devices {
    private final Map<String, Device> byId = new LinkedHashMap<>();
    private final Map<String, Device> byNumber = new LinkedHashMap<>();
    /** The devices in directory order; fixed, and a list, because agent selection scans it for every offer. */
    private final List<Device> all;
    private final Map<String, DeviceView> views = new ConcurrentHashMap<>();
    private final Change change;
    private final Clock clock;

    public Devices(Iterable<Dn> dns, Change change, Clock clock) {
        this.change = change;
        this.clock = clock;
        for (Dn dn : dns) {
            Device device = new Device(dn, clock.instant());
            byId.put(dn.id(), device);
            byNumber.put(dn.number(), device);
            views.put(dn.id(), device.view());
        }
        this.all = List.copyOf(byNumber.values());
    }

    /** The live device with this id, or {@code null} (switch thread). */
    public Device byId(String deviceId) {
        return byId.get(deviceId);
    }

    /** The live device with this number, or {@code null} (switch thread). */
    public Device byNumber(String number) {
        return byNumber.get(number);
    }

    /** Every live device, in directory order (switch thread). */
    public List<Device> all() {
        return all;
    }

    public int size() {
        return byId.size();
    }

    /** The device's view as last published (any thread). */
    public DeviceView view(String deviceId) {
        return views.get(deviceId);
    }

    /** The device changed for its user: its view is published and its user hears of it. */
    public void changed(Device device, String userId, DeviceChange kind) {
        changed(device, userId, kind, device.agentState);
    }

    /** {@link #changed(Device, String, DeviceChange)} of a change that left agent state {@code before}. */
    public void changed(Device device, String userId, DeviceChange kind, AgentState before) {
        DeviceView view = device.view();
        views.put(device.dn.id(), view);
        change.record(device);
        change.emit(new DeviceStateChanged(clock.instant(), userId, view, kind, before));
    }

    /** A device's monitoring changed: its user hears of it (a DeviceStateChangeMessage); nobody's device is just republished. */
    public void monitoringChanged(Device device) {
        if (device.userId != null) {
            changed(device, device.userId, DeviceChange.MONITORING);
        } else {
            refreshView(device);
        }
    }

    /** Republishes a device's view without telling anyone (a monitored agent does not learn of the supervisor). */
    public void refreshView(Device device) {
        views.put(device.dn.id(), device.view());
        change.record(device);
    }
}
