package dev.switchboard.core.telephony;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.view.DeviceView;

/**
 * The operations a device may offer in its GWS {@code capabilities}. {@link #capabilitiesOf} is the one place that
 * decides which are offered: a pure function of the device's state and the user, never stored.
 */
public enum DeviceOperation {
    DO_NOT_DISTURB_ON("DoNotDisturbOn"),
    DO_NOT_DISTURB_OFF("DoNotDisturbOff"),
    FORWARD_CALLS_ON("ForwardCallsOn"),
    FORWARD_CALLS_OFF("ForwardCallsOff"),
    LISTEN_IN("ListenIn"),
    COACH("Coach"),
    BARGE_IN("BargeIn"),
    CANCEL_SUPERVISOR_MONITORING("CancelSupervisorMonitoring");

    private final String wireName;

    DeviceOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The GWS {@code operationName}. */
    public String wireName() {
        return wireName;
    }

    /** The operation with this GWS name, or {@code null}. */
    public static DeviceOperation fromWireName(String name) {
        for (DeviceOperation operation : values()) {
            if (operation.wireName.equals(name)) {
                return operation;
            }
        }
        return null;
    }

    /**
     * The operations {@code user} may post on {@code device} now, in the order GWS samples list them: forwarding,
     * do-not-disturb, then the supervisor's {@code ListenIn}, {@code Coach}, {@code BargeIn} and
     * {@code CancelSupervisorMonitoring}.
     *
     * <p>The supervisor's operations are offered only to a user with {@code ROLE_SUPERVISOR} and feature
     * {@code api-supervisor-monitoring}, on a device the user is logged in on (the switch refuses monitoring from a
     * device without a contact-center session). {@code ListenIn}, {@code Coach} and {@code BargeIn} are not offered on
     * a device another supervisor monitors (GWS: one supervisor per device); a new request replaces the user's own
     * subscription, so they stay offered while monitoring. {@code CancelSupervisorMonitoring} is offered while the
     * device monitors.
     */
    public static List<DeviceOperation> capabilitiesOf(DeviceView device, User user) {
        List<DeviceOperation> result = new ArrayList<>(6);
        result.add(device.isForwarding() ? FORWARD_CALLS_OFF : FORWARD_CALLS_ON);
        result.add(device.doNotDisturb() ? DO_NOT_DISTURB_OFF : DO_NOT_DISTURB_ON);
        if (MonitoringPolicy.offersMonitoring(user, device)) {
            result.add(LISTEN_IN);
            result.add(COACH);
            result.add(BARGE_IN);
        }
        if (MonitoringPolicy.monitorsFrom(user, device) && device.monitoring() != null) {
            result.add(CANCEL_SUPERVISOR_MONITORING);
        }
        return result;
    }
}
