package dev.switchboard.core.endpoint;

/** Why a leg ended or could not be set up, as an endpoint reports it or the switch tells it. */
public enum ReleaseCause {
    /** A party hung up. */
    NORMAL,
    /** The far end is busy. */
    BUSY,
    /** The far end declined the offer. */
    REJECTED,
    /** Nobody answered in time. */
    NO_ANSWER,
    /** The far end cannot be reached (no phone registered, no route). */
    UNREACHABLE,
    /** The leg's media stopped. */
    MEDIA_TIMEOUT,
    /** The switch ended the call (a transfer completed, the call was cleared). */
    SWITCH
}
