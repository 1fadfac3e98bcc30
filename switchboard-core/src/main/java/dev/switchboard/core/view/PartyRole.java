package dev.switchboard.core.view;

/** Why a party is in a call. */
public enum PartyRole {
    /** Placed the call. */
    ORIGINATOR,
    /** The call was delivered to it (dialed, routed, transferred or forwarded). */
    DESTINATION,
    /** Was called by a consultation (InitiateTransfer / InitiateConference). */
    CONSULT_TARGET,
    /** Joined by a conference. */
    CONFERENCE_MEMBER,
    /** A supervisor monitoring the call (listening in, coaching or barged in). */
    SUPERVISOR
}
