package dev.switchboard.sip;

import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import java.util.Optional;

/**
 * One INVITE dialog with a phone or a trunk peer: the SIP half of a core endpoint leg. Switchboard is a B2BUA, so
 * every party of a call has its own leg; legs never talk to each other, the switch does.
 *
 * <p>Mapping onto the core's endpoint port: {@code offer(leg)} → {@link SipServer#dial(DialRequest)};
 * {@code answer} → {@link #answer(LocalMedia)}; {@code hold}/{@code retrieve} → {@link #hold()}/{@link #retrieve()};
 * {@code release(cause)} → {@link #release()} or {@link #reject(int)}; {@code sendDtmf} → {@link #sendDtmf(String)}
 * (in-band RFC 4733 is the media module's); {@code connectMedia} → the media module, fed with
 * {@link NegotiatedMedia}.
 *
 * <p>Every command may be called from any thread, returns at once and runs later on the SIP signalling thread;
 * outcomes come back through the {@link LegListener}. A command that makes no sense in the leg's state (answering
 * an ended leg) is ignored and logged, not thrown: the leg may have ended on the network meanwhile.
 */
public interface SipLeg {

    /** A unique id for logs and maps, e.g. {@code leg-17}. */
    String id();

    String callId();

    LegDirection direction();

    LegState state();

    /** The media negotiated last, once connected. */
    Optional<NegotiatedMedia> media();

    /** Sets who hears this leg's reports. Inbound legs must set it inside {@link IncomingCallHandler#incoming}. */
    void listen(LegListener listener);

    /** Inbound: sends 180 Ringing. */
    void ringing();

    /**
     * Inbound: sends 200 OK with our SDP answer (or our offer, for an INVITE without SDP), retransmitted until ACKed.
     * {@link LegListener#answered} follows when the ACK arrives.
     */
    void answer(LocalMedia local);

    /** Inbound, before answering: rejects with this final status (486, 603, 404, 480…). */
    void reject(int status);

    /**
     * Ends the leg whatever its state: BYE when connected, CANCEL when outbound and early, 480 when inbound and
     * early. Reported as {@link LegListener#released} with {@link ReleaseCause#LOCAL} (or {@code failed(487)} for a
     * cancelled outbound leg).
     */
    void release();

    /** Connected: re-INVITE with {@code a=sendonly}; reports {@code held} or {@code holdRefused}. */
    void hold();

    /** Connected and held: re-INVITE with {@code a=sendrecv}; reports {@code retrieved} or {@code retrieveRefused}. */
    void retrieve();

    /** Connected: sends the digits as SIP INFO {@code application/dtmf-relay}, one request per digit. */
    void sendDtmf(String digits);

    /**
     * Asks the phone to go off-hook by itself ({@code NOTIFY Event: talk}), when it advertised
     * {@code Allow-Events: talk}; otherwise, or when it refuses, reports {@link LegListener#remoteAnswerRefused}.
     */
    void answerRemotely();
}
