package dev.switchboard.media.rtp;

/**
 * The state of one outgoing RTP stream (RFC 3550): a fixed SSRC, a sequence number that grows by one per packet
 * and a timestamp that follows the 8 kHz sampling clock whether or not a packet is sent. Random initial values, as
 * RFC 3550 §5.1 asks. Owned by the ticker thread.
 */
public final class RtpStream {

    private final int ssrc;
    private int nextSequenceNumber;
    private long timestamp;
    private boolean started;

    public RtpStream(int ssrc, int initialSequenceNumber, long initialTimestamp) {
        this.ssrc = ssrc;
        this.nextSequenceNumber = initialSequenceNumber & 0xFFFF;
        this.timestamp = initialTimestamp & 0xFFFF_FFFFL;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The timestamp of the frame being sent in this tick. */
    public long timestamp() {
        return timestamp;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /**
     * Writes the header of the next packet with this stream's timestamp; the marker is set on the stream's first
     * packet (RFC 3551 §4.1: the first packet of a talkspurt) or when asked.
     *
     * @return the header length
     */
    public int writeHeader(byte[] buffer, int offset, int payloadType, boolean marker, long packetTimestamp) {
        boolean firstPacket = !started;
        started = true;
        int sequenceNumber = nextSequenceNumber;
        nextSequenceNumber = (nextSequenceNumber + 1) & 0xFFFF;
        return RtpHeader.write(buffer, offset, marker || firstPacket, payloadType, sequenceNumber, packetTimestamp, ssrc);
    }

    /** Advances the sampling clock by one frame; call once per tick. */
    public void advance(int samples) {
        timestamp = (timestamp + samples) & 0xFFFF_FFFFL;
    }
}
