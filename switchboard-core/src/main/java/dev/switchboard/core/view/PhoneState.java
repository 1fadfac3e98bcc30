package dev.switchboard.core.view;

/**
 * Whether a device's DN has a phone behind it. GWS shows it as the device's {@code deviceState}: {@code Inactive} only
 * while a phone that registered is gone; a device that never had one stays {@code Active}, as it was before phones.
 */
public enum PhoneState {
    /** No phone registered since the switch started: GWS clients and the simulator drive the device. */
    NONE,
    /** A phone is registered for the DN: its calls ring there. */
    REGISTERED,
    /** The DN's phone un-registered or its registration expired. */
    UNREGISTERED;

    /** The GWS {@code deviceState}: {@code Active} or {@code Inactive}. */
    public String deviceState() {
        return this == UNREGISTERED ? "Inactive" : "Active";
    }
}
