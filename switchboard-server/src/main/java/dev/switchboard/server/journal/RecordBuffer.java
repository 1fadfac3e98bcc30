package dev.switchboard.server.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A reused direct buffer that records are encoded into, so that a batch goes to the file in one write without a
 * buffer per record (and without the JDK copying a heap buffer into a temporary direct one on every write).
 * Grows when a batch needs more and shrinks back after a rare large batch. Not thread-safe: the writer thread owns it.
 */
final class RecordBuffer {
    /** The capacity for ordinary batches and snapshots: large enough that they rarely grow the buffer. */
    static final int ORDINARY_BYTES = 256 << 10;
    /** Above this, a buffer that a batch used less than a quarter of is given back rather than kept for good. */
    private static final int KEEP_BYTES = 8 << 20;

    private final int initialCapacity;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;

    /** @param initialCapacity the capacity kept for ordinary batches */
    RecordBuffer(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.buffer = ByteBuffer.allocateDirect(initialCapacity);
    }

    /** Empties the buffer for the next batch. */
    void clear() {
        if (buffer.capacity() > Math.max(initialCapacity, KEEP_BYTES) && buffer.position() < buffer.capacity() / 4) {
            buffer = ByteBuffer.allocateDirect(initialCapacity);
        }
        buffer.clear();
    }

    /** @return the number of encoded bytes */
    int size() {
        return buffer.position();
    }

    /**
     * The encoded bytes, ready to be written (position 0, limit = size). The buffer is not usable for encoding until
     * {@link #clear()}.
     */
    ByteBuffer flip() {
        return buffer.flip();
    }

    /** A PUT: {@code key} is set to {@code value}. */
    void put(long position, String key, byte[] value) {
        int keyBytes = RecordFormat.utf8Length(key);
        int start = begin(position, RecordFormat.PUT, 4 + keyBytes + value.length);
        buffer.putInt(keyBytes);
        RecordFormat.putUtf8(buffer, key);
        buffer.put(value);
        finish(start);
    }

    /** A DELETE of {@code key}. */
    void delete(long position, String key) {
        int start = begin(position, RecordFormat.DELETE, RecordFormat.utf8Length(key));
        RecordFormat.putUtf8(buffer, key);
        finish(start);
    }

    /** An EVENT. */
    void event(long position, byte[] payload) {
        int start = begin(position, RecordFormat.EVENT, payload.length);
        buffer.put(payload);
        finish(start);
    }

    /** SNAPSHOT_BEGIN or SNAPSHOT_END with the number of entries between them. */
    void snapshotMark(long base, byte type, int entries) {
        int start = begin(base, type, 4);
        buffer.putInt(entries);
        finish(start);
    }

    private int begin(long position, byte type, int bodyBytes) {
        int length = RecordFormat.MIN_LENGTH + bodyBytes;
        ensure(RecordFormat.HEADER_BYTES + length);
        int start = buffer.position();
        // The CRC is filled in by finish(), once the body is in place.
        buffer.putInt(length).putInt(0).putLong(position).put(type);
        return start;
    }

    private void finish(int start) {
        int end = buffer.position();
        crc.reset();
        buffer.limit(end).position(start + RecordFormat.HEADER_BYTES);
        crc.update(buffer);
        buffer.limit(buffer.capacity());
        buffer.putInt(start + 4, (int) crc.getValue());
    }

    private void ensure(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        long wanted = Math.max(2L * buffer.capacity(), (long) buffer.position() + bytes);
        int capacity = (int) Math.min(wanted, Integer.MAX_VALUE - 8);
        if (capacity - buffer.position() < bytes) {
            throw new IllegalStateException("A batch of more than " + capacity + " bytes");
        }
        ByteBuffer grown = ByteBuffer.allocateDirect(capacity);
        grown.put(buffer.flip());
        buffer = grown;
    }
}
