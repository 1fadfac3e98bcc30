package dev.switchboard.sip;

import dev.switchboard.sip.sdp.NegotiatedMedia;

/**
 * What a leg reports upward: one-to-one the coming core endpoint port's reports ({@code ringing}, {@code answered},
 * {@code released(cause)}, {@code failed(cause)}, {@code held}/{@code holdRefused}, {@code dtmf}).
 *
 * <p>Every leg ends with exactly one {@link #released} or {@link #failed}, including legs the upper layer ended
 * itself, so that the adapter can free the leg's media in one place. Calls come on the SIP signalling thread, in
 * order per leg; implementations must not block (the core's adapter submits them to the switch's executor).
 * Every method has an empty default, so an adapter implements only what it maps.
 */
public interface LegListener {

    /** Outbound: the phone or peer is alerting (180/183). */
    default void ringing(SipLeg leg) {
    }

    /**
     * The leg is connected. Outbound: the 2xx arrived (ACKed already). Inbound: the caller ACKed our 2xx.
     *
     * @param media the negotiated codec, payload types, remote RTP address and local port: for the media module
     */
    default void answered(SipLeg leg, NegotiatedMedia media) {
    }

    /** An outbound leg never connected: the final status (486 busy, 480, 404, 408 timeout, 487 after cancel…). */
    default void failed(SipLeg leg, int status) {
    }

    /** A leg that was connected (or an inbound one still early) is over. */
    default void released(SipLeg leg, ReleaseCause cause) {
    }

    /** Our hold re-INVITE ({@link SipLeg#hold()}) was accepted. */
    default void held(SipLeg leg) {
    }

    /** Our hold re-INVITE was refused with this status (491 glare, 488…); the leg is unchanged. */
    default void holdRefused(SipLeg leg, int status) {
    }

    /** Our retrieve re-INVITE ({@link SipLeg#retrieve()}) was accepted. */
    default void retrieved(SipLeg leg) {
    }

    /** Our retrieve re-INVITE was refused with this status. */
    default void retrieveRefused(SipLeg leg, int status) {
    }

    /**
     * The phone changed the media by re-INVITE or UPDATE: it put us on hold (sendonly, inactive, {@code c=0.0.0.0})
     * or took us off, or moved its RTP address. The answer (our current SDP) was already sent.
     */
    default void mediaChanged(SipLeg leg, NegotiatedMedia media, boolean remoteHolds) {
    }

    /** The phone sent DTMF in SIP INFO ({@code application/dtmf-relay} or {@code application/dtmf}). */
    default void dtmf(SipLeg leg, String digits) {
    }

    /** {@link SipLeg#answerRemotely()} could not be done: the phone does not allow {@code talk}, or refused it. */
    default void remoteAnswerRefused(SipLeg leg, int status) {
    }
}
