package dev.switchboard.server.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk layout shared by the writer ({@link RecordBuffer}) and recovery ({@link SegmentReader}).
 *
 * <p>A record is {@code [int length][int crc32c][long position][byte type][body]}, big-endian. {@code length} counts
 * the bytes after the 8-byte header (position, type and body), so that a reader can skip a record without knowing its
 * type; the CRC32C covers exactly those bytes. A zero length means "no more data in this segment": segments are
 * preallocated with zeros, so the first unwritten byte reads as that marker.
 *
 * <p>Bodies: {@link #PUT} is {@code [int keyLength][key UTF-8][value]} (the value runs to the end of the record);
 * {@link #DELETE} is the key's UTF-8; {@link #EVENT} is the payload; {@link #SNAPSHOT_BEGIN} and {@link #SNAPSHOT_END}
 * are {@code [int entryCount]}. Every segment starts with a snapshot: BEGIN, one PUT per state entry, END, all three
 * kinds carrying the snapshot's base position (the last position before the segment), which is the segment's file
 * name minus one. The records after the snapshot carry consecutive positions from base + 1.
 */
final class RecordFormat {
    /** {@code [int length][int crc32c]}. */
    static final int HEADER_BYTES = 8;
    /** The smallest valid length: {@code [long position][byte type]} with an empty body. */
    static final int MIN_LENGTH = 9;
    /** The largest key, value or payload accepted, so that a record always fits an {@code int} and a heap array. */
    static final int MAX_BODY_BYTES = 16 << 20;

    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte EVENT = 3;
    static final byte SNAPSHOT_BEGIN = 4;
    static final byte SNAPSHOT_END = 5;

    private static final Pattern SEGMENT_NAME = Pattern.compile("journal-(\\d{20})\\.log");

    private RecordFormat() {
    }

    /** The file name of the segment whose first record after its snapshot has {@code firstPosition}. */
    static String segmentName(long firstPosition) {
        return String.format("journal-%020d.log", firstPosition);
    }

    /** @return the first position named by a segment file, or -1 when the file is not a segment */
    static long segmentPosition(Path file) {
        Matcher matcher = SEGMENT_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /**
     * The number of bytes {@link #putUtf8} writes: what {@code key.getBytes(UTF_8)} would produce, including its
     * replacement of an unpaired surrogate by {@code ?}, so that recovery decodes the same key the writer encoded for
     * any well-formed key. Counted by hand so that the writer does not allocate a byte array per key.
     */
    static int utf8Length(String text) {
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Writes {@code text} as UTF-8 (see {@link #utf8Length}); the buffer must have room. */
    static void putUtf8(ByteBuffer buffer, String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer.put((byte) c);
            } else if (c < 0x800) {
                buffer.put((byte) (0xC0 | (c >> 6)));
                buffer.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                buffer.put((byte) (0xF0 | (code >> 18)));
                buffer.put((byte) (0x80 | ((code >> 12) & 0x3F)));
                buffer.put((byte) (0x80 | ((code >> 6) & 0x3F)));
                buffer.put((byte) (0x80 | (code & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buffer.put((byte) '?');
            } else {
                buffer.put((byte) (0xE0 | (c >> 12)));
                buffer.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
