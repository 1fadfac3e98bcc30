package dev.switchboard.core.model;

import java.time.Duration;

import dev.switchboard.core.event.CallFailed;

/**
 * An effect a call change owes, run after the call events it follows (see {@link Change}): clients hear of the cause
 * before the effect.
 */
public sealed interface FollowUp {

    /** A queue's offer rang out or was declined: the agent goes NotReady, then the queues look again. */
    record OfferDeclined(Device agent) implements FollowUp {
    }

    /** An agent left an answered ACD call: after-call work for the group's wrap-up time, if still Ready. */
    record WrapUpOwed(Device agent, Duration wrapUp) implements FollowUp {
    }

    /** An accepted operation failed (a busy destination): its user hears of it after the call it names. */
    record Failure(CallFailed failure) implements FollowUp {
    }

    /** A supervisor's subscription ended with its monitored call: their device announces it after the call's events. */
    record MonitoringEnded(Device supervisor) implements FollowUp {
    }
}
