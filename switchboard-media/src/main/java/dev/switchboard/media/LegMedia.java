package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A leg's negotiated media, as the signalling side settled it from the SDP offer and answer.
 *
 * @param codec                     PCMU or PCMA
 * @param payloadType               the RTP payload type of the codec in this session (0 or 8 unless remapped)
 * @param telephoneEventPayloadType the payload type of {@code telephone-event/8000}, or -1 if not negotiated
 * @param remote                    the address and port from the remote SDP: RTP is sent there and accepted only
 *                                  from there
 * @param latchToRemoteHost         NAT mode: accept the first source seen from the signalled host (any port),
 *                                  then only that source, and send to it (symmetric RTP)
 */
public record LegMedia(G711Codec codec, int payloadType, int telephoneEventPayloadType, InetSocketAddress remote,
                       boolean latchToRemoteHost) {

    public LegMedia {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(remote, "remote");
        if (remote.isUnresolved()) {
            throw new IllegalArgumentException("Remote RTP address must be resolved: " + remote);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("Payload type out of range: " + payloadType);
        }
        if (telephoneEventPayloadType < -1 || telephoneEventPayloadType > 127 || telephoneEventPayloadType == payloadType) {
            throw new IllegalArgumentException("Bad telephone-event payload type: " + telephoneEventPayloadType);
        }
    }

    /** The codec on its static payload type, telephone events on 101, no NAT latching. */
    public static LegMedia of(G711Codec codec, InetSocketAddress remote) {
        return new LegMedia(codec, codec.staticPayloadType(), 101, remote, false);
    }
}
