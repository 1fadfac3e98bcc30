package dev.switchboard.sip.sdp;

import java.util.Locale;
import java.util.Optional;

/** The audio codecs Switchboard's mixer speaks: G.711 only, 8 kHz, with static RTP payload types. */
public enum Codec {
    PCMU(0, "PCMU"),
    PCMA(8, "PCMA");

    /** RTP clock rate of both G.711 variants. */
    public static final int CLOCK_RATE = 8000;

    private final int staticPayloadType;
    private final String encodingName;

    Codec(int staticPayloadType, String encodingName) {
        this.staticPayloadType = staticPayloadType;
        this.encodingName = encodingName;
    }

    public int staticPayloadType() {
        return staticPayloadType;
    }

    public String encodingName() {
        return encodingName;
    }

    /** The codec an offered format stands for: by its rtpmap name when it has one, else by static payload type. */
    public static Optional<Codec> of(PayloadFormat format) {
        for (Codec codec : values()) {
            if (format.encodingName() != null) {
                if (format.encodingName().toUpperCase(Locale.ROOT).equals(codec.encodingName)
                        && format.clockRate() == CLOCK_RATE) {
                    return Optional.of(codec);
                }
            } else if (format.payloadType() == codec.staticPayloadType) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }
}
