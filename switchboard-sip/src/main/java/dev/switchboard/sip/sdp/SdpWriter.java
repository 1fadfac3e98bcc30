package dev.switchboard.sip.sdp;

import java.util.List;

/** Writes Switchboard's own session descriptions as text: one audio stream, G.711 plus telephone-event, 20 ms. */
final class SdpWriter {

    static final String ORIGIN_USER = "switchboard";
    static final int PTIME = 20;

    private SdpWriter() {
    }

    /**
     * Writes a description.
     *
     * @param sessionId the stable {@code o=} session id of this leg
     * @param version the {@code o=} version
     * @param local where we receive RTP
     * @param formats the audio formats to list, preferred first
     * @param direction our direction attribute
     * @param mediaLines the offer's m= lines when answering (non-audio ones are repeated with port 0), or null
     * @param audioIndex which of those m= lines carries the audio, or -1 when offering
     */
    static String write(String sessionId, long version, LocalMedia local, List<PayloadFormat> formats,
                        MediaDirection direction, List<MediaLine> mediaLines, int audioIndex) {
        StringBuilder sdp = new StringBuilder(256);
        sdp.append("v=0\r\n");
        sdp.append("o=").append(ORIGIN_USER).append(' ').append(sessionId).append(' ').append(version)
                .append(" IN IP4 ").append(local.address()).append("\r\n");
        sdp.append("s=switchboard\r\n");
        sdp.append("c=IN IP4 ").append(local.address()).append("\r\n");
        sdp.append("t=0 0\r\n");
        if (mediaLines == null) {
            appendAudio(sdp, local, formats, direction);
            return sdp.toString();
        }
        for (int i = 0; i < mediaLines.size(); i++) {
            if (i == audioIndex) {
                appendAudio(sdp, local, formats, direction);
            } else {
                MediaLine rejected = mediaLines.get(i);
                sdp.append("m=").append(rejected.media()).append(" 0 ").append(rejected.protocol());
                if (rejected.formats().isEmpty()) {
                    sdp.append(" 0");
                }
                for (PayloadFormat format : rejected.formats()) {
                    sdp.append(' ').append(format.payloadType());
                }
                sdp.append("\r\n");
            }
        }
        return sdp.toString();
    }

    private static void appendAudio(StringBuilder sdp, LocalMedia local, List<PayloadFormat> formats, MediaDirection direction) {
        sdp.append("m=audio ").append(local.rtpPort()).append(" RTP/AVP");
        for (PayloadFormat format : formats) {
            sdp.append(' ').append(format.payloadType());
        }
        sdp.append("\r\n");
        for (PayloadFormat format : formats) {
            sdp.append("a=rtpmap:").append(format.payloadType()).append(' ').append(format.encodingName())
                    .append('/').append(format.clockRate()).append("\r\n");
            if (format.fmtp() != null) {
                sdp.append("a=fmtp:").append(format.payloadType()).append(' ').append(format.fmtp()).append("\r\n");
            }
        }
        sdp.append("a=ptime:").append(PTIME).append("\r\n");
        sdp.append("a=").append(direction.attribute()).append("\r\n");
    }
}
