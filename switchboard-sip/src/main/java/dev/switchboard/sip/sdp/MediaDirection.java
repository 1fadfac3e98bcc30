package dev.switchboard.sip.sdp;

import java.util.Locale;
import java.util.Optional;

/** The SDP direction attributes (RFC 4566 §6, RFC 3264 §6.1). */
public enum MediaDirection {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The attribute name as written in SDP, e.g. {@code sendonly}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction an answerer writes for this offered one (RFC 3264 §6.1). */
    public MediaDirection answerTo() {
        switch (this) {
            case SENDONLY:
                return RECVONLY;
            case RECVONLY:
                return SENDONLY;
            case INACTIVE:
                return INACTIVE;
            case SENDRECV:
                return SENDRECV;
            default:
                throw new IllegalStateException("unknown direction " + this);
        }
    }

    /** True when the side that wrote this direction does not want to receive our audio: it holds us. */
    public boolean holds() {
        return this == SENDONLY || this == INACTIVE;
    }

    static Optional<MediaDirection> ofAttribute(String name) {
        for (MediaDirection direction : values()) {
            if (direction.attribute().equals(name)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
