package dev.switchboard.core.directory;

/**
 * A directory number on a switch. DNs an agent logs in on (Extension, ACDPosition) are GWS devices.
 *
 * @param id          UUID, stable across restarts of the same data; GWS device id
 * @param number      the dialable number, unique within its environment
 * @param environment the voice environment name
 * @param place       the name of the place the DN belongs to, or {@code null}
 */
public record Dn(String id, String number, DnType type, String environment, String place) {
}
