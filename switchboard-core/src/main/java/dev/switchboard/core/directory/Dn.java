package dev.switchboard.core.directory;

/**
 * A directory number on a switch. DNs an agent logs in on (Extension, ACDPosition) are GWS devices.
 *
 * @param id          UUID, stable across restarts of the same data; GWS device id
 * @param number      the dialable number, unique within its environment
 * @param environment the voice environment name
 * @param place       the name of the place the DN belongs to, or {@code null}
 * @param routeTo     for a routing point, the number its calls are routed to; otherwise {@code null}
 * @param agentGroup  for an ACD queue, the agent group it distributes to; otherwise {@code null}
 * @param ringNoAnswerSeconds for an ACD queue, how long a call rings at an agent before it returns to the queue
 */
public record Dn(String id, String number, DnType type, String environment, String place, String routeTo, String agentGroup,
                 int ringNoAnswerSeconds) {

    /** The default ring-no-answer time of an ACD queue. */
    public static final int DEFAULT_RING_NO_ANSWER_SECONDS = 15;

    /** A DN that routes nothing (an agent device). */
    public Dn(String id, String number, DnType type, String environment, String place) {
        this(id, number, type, environment, place, null, null, DEFAULT_RING_NO_ANSWER_SECONDS);
    }
}
