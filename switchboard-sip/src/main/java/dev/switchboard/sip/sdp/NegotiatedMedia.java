package dev.switchboard.sip.sdp;

/**
 * The outcome of one offer/answer: everything the media module needs to send and receive a leg's RTP.
 *
 * @param codec the agreed codec
 * @param payloadType the RTP payload type for that codec, as the remote side numbered it
 * @param telephoneEventPayloadType the RFC 4733 payload type, or -1 when the remote side offered none
 * @param remoteAddress where to send RTP ({@code c=} of the remote description); {@code 0.0.0.0} while on hold
 * @param remotePort the remote RTP port
 * @param localPort the local RTP port we signalled
 * @param ptime packet time in ms (20 unless the remote side asked otherwise)
 * @param remoteDirection the remote side's direction: sendonly or inactive means it holds us
 */
public record NegotiatedMedia(Codec codec, int payloadType, int telephoneEventPayloadType, String remoteAddress,
                              int remotePort, int localPort, int ptime, MediaDirection remoteDirection) {

    /** True when the remote side holds us: it does not want our audio. */
    public boolean remoteHolds() {
        return remoteDirection.holds() || "0.0.0.0".equals(remoteAddress);
    }
}
