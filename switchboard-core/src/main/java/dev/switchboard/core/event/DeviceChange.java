package dev.switchboard.core.event;

/** What changed on a device. */
public enum DeviceChange {
    LOGIN,
    LOGOUT,
    AGENT_STATE,
    DO_NOT_DISTURB,
    FORWARDING
}
