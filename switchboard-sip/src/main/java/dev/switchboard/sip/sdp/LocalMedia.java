package dev.switchboard.sip.sdp;

/**
 * Where Switchboard's media module receives a leg's RTP: what the upper layer supplies to offer or answer.
 *
 * @param address the IP address written in {@code c=}, e.g. {@code 127.0.0.1}
 * @param rtpPort the local RTP port the media module bound for this leg
 */
public record LocalMedia(String address, int rtpPort) {

    public LocalMedia {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is required");
        }
        if (rtpPort <= 0 || rtpPort > 65535) {
            throw new IllegalArgumentException("rtpPort out of range: " + rtpPort);
        }
    }
}
