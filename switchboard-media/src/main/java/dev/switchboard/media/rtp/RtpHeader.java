package dev.switchboard.media.rtp;

/**
 * A reusable reader of one RTP packet (RFC 3550 §5.1) held in a byte array. {@link #read} fills the fields in place,
 * so one instance serves every packet of the 20 ms path without allocating. CSRCs, a header extension and padding
 * are skipped: {@link #payloadOffset()} and {@link #payloadLength()} frame the payload alone.
 */
public final class RtpHeader {

    /** The fixed header: V/P/X/CC, M/PT, sequence number, timestamp, SSRC. */
    public static final int FIXED_LENGTH = 12;
    public static final int VERSION = 2;

    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private int ssrc;
    private int payloadOffset;
    private int payloadLength;

    /**
     * Reads the packet in {@code buffer[offset, offset + length)}.
     *
     * @return false, leaving the fields undefined, if it is not a well-formed RTP version 2 packet
     */
    public boolean read(byte[] buffer, int offset, int length) {
        if (length < FIXED_LENGTH) {
            return false;
        }
        int first = buffer[offset] & 0xFF;
        if (first >>> 6 != VERSION) {
            return false;
        }
        boolean padding = (first & 0x20) != 0;
        boolean extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int second = buffer[offset + 1] & 0xFF;
        marker = (second & 0x80) != 0;
        payloadType = second & 0x7F;
        sequenceNumber = readUnsigned16(buffer, offset + 2);
        timestamp = readInt(buffer, offset + 4) & 0xFFFF_FFFFL;
        ssrc = readInt(buffer, offset + 8);
        int position = FIXED_LENGTH + 4 * csrcCount;
        if (extension) {
            if (position + 4 > length) {
                return false;
            }
            int words = readUnsigned16(buffer, offset + position + 2);
            position += 4 + 4 * words;
        }
        int end = length;
        if (padding) {
            int paddingLength = buffer[offset + length - 1] & 0xFF;
            if (paddingLength == 0) {
                return false;
            }
            end -= paddingLength;
        }
        if (position > end) {
            return false;
        }
        payloadOffset = offset + position;
        payloadLength = end - position;
        return true;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** 0..2^32-1. */
    public long timestamp() {
        return timestamp;
    }

    public int ssrc() {
        return ssrc;
    }

    /** Index of the first payload byte in the array given to {@link #read}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /**
     * Writes a 12-byte header (no CSRC, no extension, no padding) at {@code offset}.
     *
     * @return the header length, where the payload starts
     */
    public static int write(byte[] buffer, int offset, boolean marker, int payloadType, int sequenceNumber, long timestamp,
                            int ssrc) {
        buffer[offset] = (byte) (VERSION << 6);
        buffer[offset + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        writeUnsigned16(buffer, offset + 2, sequenceNumber);
        writeInt(buffer, offset + 4, (int) timestamp);
        writeInt(buffer, offset + 8, ssrc);
        return FIXED_LENGTH;
    }

    static int readUnsigned16(byte[] buffer, int offset) {
        return ((buffer[offset] & 0xFF) << 8) | (buffer[offset + 1] & 0xFF);
    }

    static int readInt(byte[] buffer, int offset) {
        return ((buffer[offset] & 0xFF) << 24) | ((buffer[offset + 1] & 0xFF) << 16) | ((buffer[offset + 2] & 0xFF) << 8)
                | (buffer[offset + 3] & 0xFF);
    }

    static void writeUnsigned16(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 8);
        buffer[offset + 1] = (byte) value;
    }

    static void writeInt(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }
}
