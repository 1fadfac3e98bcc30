package dev.switchboard.core.telephony;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.directory.User;

/**
 * The operations a device may offer in its GWS {@code capabilities}. {@link #capabilitiesOf} is the one place that
 * decides which are offered: a pure function of the device's state and the user, never stored.
 */
public enum DeviceOperation {
    DO_NOT_DISTURB_ON("DoNotDisturbOn"),
    DO_NOT_DISTURB_OFF("DoNotDisturbOff"),
    FORWARD_CALLS_ON("ForwardCallsOn"),
    FORWARD_CALLS_OFF("ForwardCallsOff");

    private final String wireName;

    DeviceOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The GWS {@code operationName}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The operations {@code user} may post on {@code device} now, in the order GWS samples list them.
     */
    public static List<DeviceOperation> capabilitiesOf(DeviceView device, User user) {
        List<DeviceOperation> result = new ArrayList<>(4);
        result.add(device.isForwarding() ? FORWARD_CALLS_OFF : FORWARD_CALLS_ON);
        result.add(device.doNotDisturb() ? DO_NOT_DISTURB_OFF : DO_NOT_DISTURB_ON);
        return result;
    }
}
