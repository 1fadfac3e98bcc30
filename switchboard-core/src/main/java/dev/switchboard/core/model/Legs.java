package dev.switchboard.core.model;

import java.time.Duration;

import dev.switchboard.core.time.Timers;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * The call mechanics the rule packages (routing, supervision) build on: a party joins a call, a party is released
 * (with everything that follows from it), work is scheduled on the switch thread. Implemented by the switch.
 */
public interface Legs {

    /** Adds a party to the call, on the endpoint that serves its device or number. */
    Party join(Call call, String number, Device device, PartyRole role, PartyState state);

    /** Releases a party; a call left with fewer than two active parties (and not waiting in a queue) ends. */
    void release(Party party);

    /** Runs {@code task} on the switch thread after {@code delay}, as a change of its own. */
    Timers.Timer schedule(Duration delay, Runnable task);
}
