package dev.switchboard.server.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment held in memory, one at a time, checking each record's own integrity (length, CRC,
 * known type, well-formed body). Whether a record's position is the expected one is the caller's business
 * ({@link JournalFiles}), since that depends on what came before.
 */
final class SegmentReader {
    /** What {@link #next()} found. */
    enum Status {
        /** A whole, intact record: see {@link #position()}, {@link #type()} and the body accessors. */
        RECORD,
        /** A zero length or the end of the file: the segment holds no more data. */
        END,
        /** Bytes that are not an intact record (see {@link #problem()}): a torn write or corruption. */
        TORN
    }

    private final byte[] bytes;
    private final ByteBuffer data;
    private final CRC32C crc = new CRC32C();
    private int next;
    private int offset;
    private long position;
    private byte type;
    private int bodyOffset;
    private int bodyLength;
    private String problem;

    /** @param bytes the whole segment file */
    SegmentReader(byte[] bytes) {
        this.bytes = bytes;
        this.data = ByteBuffer.wrap(bytes);
    }

    /** Reads the record after the previous one. After END or TORN it keeps returning the same status. */
    Status next() {
        offset = next;
        if (problem != null) {
            return Status.TORN;
        }
        int left = bytes.length - offset;
        if (left < RecordFormat.HEADER_BYTES) {
            // Too short for a header: the end of the file, or the start of a header that did not fit.
            return allZero(offset) ? Status.END : torn("a partial record header at the end of the file");
        }
        int length = data.getInt(offset);
        if (length == 0) {
            return Status.END;
        }
        if (length < RecordFormat.MIN_LENGTH || length > left - RecordFormat.HEADER_BYTES) {
            return torn("bad length " + length);
        }
        int start = offset + RecordFormat.HEADER_BYTES;
        crc.reset();
        crc.update(bytes, start, length);
        if ((int) crc.getValue() != data.getInt(offset + 4)) {
            return torn("bad CRC");
        }
        position = data.getLong(start);
        type = bytes[start + 8];
        bodyOffset = start + RecordFormat.MIN_LENGTH;
        bodyLength = length - RecordFormat.MIN_LENGTH;
        String malformed = checkBody();
        if (malformed != null) {
            return torn(malformed);
        }
        next = start + length;
        return Status.RECORD;
    }

    private String checkBody() {
        switch (type) {
            case RecordFormat.PUT:
                if (bodyLength < 4) {
                    return "a PUT without a key length";
                }
                int keyLength = data.getInt(bodyOffset);
                return keyLength < 0 || keyLength > bodyLength - 4 ? "a PUT with key length " + keyLength : null;
            case RecordFormat.DELETE:
            case RecordFormat.EVENT:
                return null;
            case RecordFormat.SNAPSHOT_BEGIN:
            case RecordFormat.SNAPSHOT_END:
                return bodyLength != 4 || data.getInt(bodyOffset) < 0 ? "a malformed snapshot mark" : null;
            default:
                return "unknown record type " + type;
        }
    }

    private Status torn(String why) {
        problem = why;
        return Status.TORN;
    }

    /** @return whether every byte from {@code from} to the end of the segment is zero */
    boolean allZero(int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the offset of the record (or end, or tear) that the last {@link #next()} looked at */
    int offset() {
        return offset;
    }

    /** @return the segment's size in bytes */
    int size() {
        return bytes.length;
    }

    /** @return why the last {@link #next()} returned TORN, or {@code null} */
    String problem() {
        return problem;
    }

    long position() {
        return position;
    }

    byte type() {
        return type;
    }

    /** The key of a PUT or DELETE. */
    String key() {
        if (type == RecordFormat.PUT) {
            return new String(bytes, bodyOffset + 4, data.getInt(bodyOffset), StandardCharsets.UTF_8);
        }
        return new String(bytes, bodyOffset, bodyLength, StandardCharsets.UTF_8);
    }

    /** The value of a PUT, copied. */
    byte[] value() {
        int from = bodyOffset + 4 + data.getInt(bodyOffset);
        return Arrays.copyOfRange(bytes, from, bodyOffset + bodyLength);
    }

    /** The payload of an EVENT, copied. */
    byte[] payload() {
        return Arrays.copyOfRange(bytes, bodyOffset, bodyOffset + bodyLength);
    }

    /** The entry count of a snapshot mark. */
    int entries() {
        return data.getInt(bodyOffset);
    }
}
