package dev.switchboard.sip.sdp;

/**
 * One payload type of an {@code m=} line with its {@code a=rtpmap} and {@code a=fmtp}, when present.
 *
 * @param payloadType the RTP payload type, 0..127
 * @param encodingName the rtpmap encoding name ({@code PCMU}, {@code telephone-event}), or null without an rtpmap
 * @param clockRate the rtpmap clock rate, or 0 without an rtpmap
 * @param fmtp the fmtp parameters ({@code 0-16}), or null
 */
public record PayloadFormat(int payloadType, String encodingName, int clockRate, String fmtp) {

    /** True for {@code telephone-event/8000} (RFC 4733 DTMF). */
    public boolean isTelephoneEvent() {
        return "telephone-event".equalsIgnoreCase(encodingName) && clockRate == Codec.CLOCK_RATE;
    }
}
