package dev.switchboard.sip;

import dev.switchboard.sip.sdp.SessionDescription;

/**
 * Receives new inbound calls: an authenticated phone's INVITE or a trunk's. By then the SIP layer has checked the
 * source, the credentials, the target number and that the offer has a codec in common (else 403/407/404/488 and
 * the upper layer never hears of it).
 *
 * <p>Called on the SIP signalling thread; must not block. The handler sets the leg's listener
 * ({@link SipLeg#listen(LegListener)}) and then, from any thread, answers with {@link SipLeg#ringing()},
 * {@link SipLeg#answer(dev.switchboard.sip.sdp.LocalMedia)} or {@link SipLeg#reject(int)}.
 */
@FunctionalInterface
public interface IncomingCallHandler {

    /**
     * @param leg the new leg, state {@link LegState#OFFERED}
     * @param from the caller: the authenticated DN for a phone, the From user ({@code ani}) for a trunk
     * @param to the request URI's user: the dialled number
     * @param offer the caller's SDP offer; null for an INVITE without SDP (late offer: we offer in the 200)
     */
    void incoming(SipLeg leg, CallParty from, CallParty to, SessionDescription offer);

    /** Rejects every call with 480 (Temporarily Unavailable). */
    IncomingCallHandler REJECT = (leg, from, to, offer) -> leg.reject(480);
}
