package dev.switchboard.core.event;

/** What changed on a device. */
public enum DeviceChange {
    LOGIN,
    LOGOUT,
    AGENT_STATE,
    DO_NOT_DISTURB,
    FORWARDING,
    /** A supervisor's monitoring subscription started, changed or ended. */
    MONITORING,
    /** The DN's phone registered or went away: the device's {@code deviceState}. */
    PHONE,
    /** The device as restored after a restart, or told again to a client that came back after one: nothing changed. */
    RESTORED
}
