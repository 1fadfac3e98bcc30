package dev.switchboard.media;

/**
 * What the engine tells the signalling side. Called on the engine's I/O thread, never on the ticker, one call at a
 * time and in order; an implementation should hand the event to its own executor (the switch's) and return.
 */
public interface MediaListener {

    /** A listener that ignores everything. */
    MediaListener NONE = new MediaListener() {
    };

    /** The remote party sent an RFC 4733 DTMF event: reported once per event, not per packet. */
    default void digitReceived(MediaLeg leg, char digit) {
    }

    /**
     * No RTP came from the leg's remote address for the configured inactivity time (default 30 s). Reported once;
     * again only after packets came back and stopped again.
     */
    default void legInactive(MediaLeg leg) {
    }
}
