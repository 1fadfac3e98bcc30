package dev.switchboard.core.telephony;

import java.util.List;

/**
 * What a switch took back of the records a previous process left.
 *
 * @param sessionUserIds the users whose contact-center sessions go on
 * @param subscriptions  how many monitoring subscriptions go on
 * @param dropped        what no longer fits the configuration or the monitoring policy, and why, one line each
 */
public record Restored(List<String> sessionUserIds, int subscriptions, List<String> dropped) {

    public Restored {
        sessionUserIds = List.copyOf(sessionUserIds);
        dropped = List.copyOf(dropped);
    }
}
