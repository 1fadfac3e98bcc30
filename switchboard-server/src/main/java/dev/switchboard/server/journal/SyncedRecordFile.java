package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare price of a durable write: a preallocated file (zero-filled and forced once, like a journal segment) into
 * which {@link #writeAndSync} writes 128 bytes at the next slot, round the file, and forces the data
 * ({@code FileChannel.force(false)}, an fdatasync), as the journal does for a batch of one record. Concurrent calls
 * each write and force on their own; nothing is shared but the slot counter. The file is deleted at {@link #close}.
 */
public final class SyncedRecordFile implements AutoCloseable {
    /** The size of one record, a small journal record's. */
    public static final int RECORD_BYTES = 128;
    private static final int FILE_BYTES = 1 << 20;
    private static final int SLOTS = FILE_BYTES / RECORD_BYTES;

    private final Path file;
    private final FileChannel channel;
    private final AtomicLong next = new AtomicLong();

    private SyncedRecordFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates and preallocates {@code file} (its directory too); a file there already is an error, so that two owners
     * never share one.
     *
     * @throws JournalException IO when it cannot be created or preallocated
     */
    public static SyncedRecordFile create(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                JournalFiles.zeroFill(channel, 0, FILE_BYTES);
                channel.force(true);
            } catch (IOException failed) {
                channel.close();
                Files.deleteIfExists(file);
                throw failed;
            }
            return new SyncedRecordFile(file, channel);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, "Cannot create " + file + ": " + e, e);
        }
    }

    /**
     * Writes one record filled with {@code value} at the next slot and forces it; returns once the disk has it.
     *
     * @throws JournalException IO when the write or the sync fails
     */
    public void writeAndSync(long value) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        while (record.hasRemaining()) {
            record.putLong(value);
        }
        record.flip();
        long at = next.getAndIncrement() % SLOTS * RECORD_BYTES;
        try {
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new JournalException(JournalException.Reason.IO, "Cannot write and sync " + file + ": " + e, e);
        }
    }

    /** Closes and deletes the file; best effort, as for a temporary file. */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing to keep in it
        }
    }
}
