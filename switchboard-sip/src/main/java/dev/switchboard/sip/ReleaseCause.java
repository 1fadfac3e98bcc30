package dev.switchboard.sip;

/** Why a connected leg ended, or an inbound early one. */
public enum ReleaseCause {
    /** The phone or peer sent BYE. */
    REMOTE_HANGUP,
    /** The caller sent CANCEL before we answered. */
    REMOTE_CANCEL,
    /** The upper layer released the leg ({@link SipLeg#release()}, {@link SipLeg#reject(int)}). */
    LOCAL,
    /** Our 2xx was never ACKed, or the session timer ran out, or a request in the dialog timed out. */
    TIMEOUT,
    /** The transport failed (connection refused, TCP reset) or the server stopped. */
    NETWORK
}
