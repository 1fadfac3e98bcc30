package dev.switchboard.sip.sdp;

import java.util.List;

/**
 * One {@code m=} section of a session description, with the attributes Switchboard reads.
 *
 * @param media the media type, e.g. {@code audio} or {@code video}
 * @param port the RTP port; 0 means the stream is rejected or disabled
 * @param protocol the transport protocol, e.g. {@code RTP/AVP}
 * @param formats the payload formats in the order the writer prefers them
 * @param connectionAddress the media-level {@code c=} address, or the session-level one, or null
 * @param direction the media-level direction, or the session-level one, or {@code SENDRECV}
 * @param ptime the packet time in ms, or 0 when not given
 */
public record MediaLine(String media, int port, String protocol, List<PayloadFormat> formats,
                        String connectionAddress, MediaDirection direction, int ptime) {

    public MediaLine {
        formats = List.copyOf(formats);
    }

    /** True for an enabled RTP audio stream, the only kind Switchboard negotiates. */
    public boolean isUsableAudio() {
        return "audio".equals(media) && port > 0 && "RTP/AVP".equalsIgnoreCase(protocol);
    }

    /** True when this stream puts us on hold: a sendonly or inactive direction, or the RFC 2543 {@code c=0.0.0.0}. */
    public boolean holds() {
        return direction.holds() || "0.0.0.0".equals(connectionAddress);
    }
}
