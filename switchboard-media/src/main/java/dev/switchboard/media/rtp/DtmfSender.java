package dev.switchboard.media.rtp;

/**
 * Plays a string of digits as RFC 4733 events, one packet per 20 ms tick: for each digit a start packet (marker
 * set, duration one frame), updates with a growing duration, then three end packets with the final duration (§2.5.1.4
 * asks for the end to be retransmitted), all with the timestamp of the start; then a pause before the next digit.
 * While it {@link #isActive() is active} the leg sends events instead of audio (§2.5.1.3). Owned by the ticker
 * thread; it only keeps a reference to the digit string, so it allocates nothing.
 */
public final class DtmfSender {

    /** Packets carrying a growing duration: 5 × 20 ms = 100 ms of tone. */
    static final int TONE_PACKETS = 5;
    static final int END_PACKETS = 3;
    /** Ticks of audio between two digits (60 ms). */
    static final int GAP_TICKS = 3;

    private CharSequence digits;
    private int digitIndex;
    /** Position within the current digit: 0..TONE_PACKETS-1 tone, then end packets, then the gap. */
    private int step;
    private long eventTimestamp;

    /** Starts playing {@code digits}, replacing anything still playing. */
    public void start(CharSequence digits) {
        this.digits = digits;
        this.digitIndex = 0;
        this.step = 0;
    }

    public boolean isPlaying() {
        return digits != null;
    }

    /** Whether this tick's packet is an event (not audio): false during the gap between digits. */
    public boolean isActive() {
        return digits != null && step < TONE_PACKETS + END_PACKETS;
    }

    /**
     * Writes this tick's event packet (header and payload) and moves on; call only when {@link #isActive()}.
     *
     * @param frameSamples samples per tick (160)
     * @param timestamp the stream's sampling clock for this tick
     * @return the packet length
     */
    public int writePacket(byte[] buffer, int offset, RtpStream stream, int payloadType, int frameSamples, long timestamp) {
        if (step == 0) {
            eventTimestamp = timestamp;
        }
        int event = TelephoneEvent.eventOf(digits.charAt(digitIndex));
        boolean end = step >= TONE_PACKETS;
        int duration = Math.min(step + 1, TONE_PACKETS) * frameSamples;
        int header = stream.writeHeader(buffer, offset, payloadType, step == 0, eventTimestamp);
        int payload = TelephoneEvent.write(buffer, offset + header, event, end, TelephoneEvent.DEFAULT_VOLUME, duration);
        step++;
        return header + payload;
    }

    /** Moves through the gap after a digit; call on every tick where {@link #isActive()} is false while playing. */
    public void skipGapTick() {
        step++;
        if (step >= TONE_PACKETS + END_PACKETS + GAP_TICKS) {
            step = 0;
            digitIndex++;
            if (digitIndex >= digits.length()) {
                digits = null;
            }
        }
    }
}
