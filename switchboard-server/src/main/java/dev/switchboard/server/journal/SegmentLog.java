package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files in use, oldest first, the last one active: appends encoded batches to the active segment, rolls
 * to a new one that starts with a snapshot of the state when it is full, and deletes old segments once their events
 * are released (compaction: the newer snapshot makes everything else in them redundant).
 *
 * <p>Not thread-safe: owned by the writer thread (and by {@link Journal#open} before the thread starts). The counters
 * are volatile for readers of {@link Journal#stats()}.
 */
final class SegmentLog {
    // The journal's own logger, so that the log reads as it did when all of this was one class.
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final long segmentBytes;
    /** The live state, applied by the writer after each sync; read here only to write a roll's snapshot. */
    private final Map<String, byte[]> state;
    private final ArrayDeque<Segment> segments;
    private final SpareSegment spare;
    private RecordBuffer snapshot;
    private FileChannel channel;
    private final boolean createdAtOpen;

    private volatile long rolls;
    private volatile long deletedSegments;
    private volatile int segmentCount;
    private volatile long snapshotBytes;

    /**
     * Takes over the recovered segments and opens the active one; creates the first segment (with the recovered state
     * as its snapshot) when recovery left none.
     *
     * @param segments     the recovered segments, oldest first; kept and changed
     * @param state        the recovered state, which the writer goes on updating
     * @param lastPosition the last recovered position: the base of a first segment
     */
    SegmentLog(Path dir, long segmentBytes, ArrayDeque<Segment> segments, Map<String, byte[]> state, long lastPosition,
               SpareSegment spare) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
        this.state = state;
        this.spare = spare;
        this.createdAtOpen = segments.isEmpty();
        if (createdAtOpen) {
            segments.add(createSegment(lastPosition, null));
        } else {
            channel = FileChannel.open(segments.getLast().path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        this.segmentCount = segments.size();
    }

    /** @return whether the first segment was created (and forced) at open, a sync of its own */
    boolean createdAtOpen() {
        return createdAtOpen;
    }

    /** @return the segment the next batch goes to */
    Segment active() {
        return segments.getLast();
    }

    /** @return the active segment's channel (for tests, which close it to make the next write fail) */
    FileChannel channel() {
        return channel;
    }

    /**
     * Writes an encoded batch and syncs it, rolling to a new segment when the active one has no room for it.
     *
     * @param data          the batch, whose records have positions from {@code firstPosition}
     * @param firstPosition the first record's position
     * @return whether a new segment was started (the caller then deletes what it can)
     */
    boolean append(ByteBuffer data, long firstPosition) throws IOException {
        int bytes = data.remaining();
        Segment active = segments.getLast();
        if (active.end + bytes <= active.size) {
            writeFully(channel, data, active.end);
            // The segment was preallocated and its size forced at creation, so the data alone needs syncing.
            channel.force(false);
            active.end += bytes;
            return false;
        }
        if (!active.hasData) {
            // A new segment would have the same name (base + 1): grow this one instead. Rare: a batch larger than an
            // empty segment, right after open or a recovery that kept only the snapshot.
            long size = roundUp(active.end + bytes) + segmentBytes;
            writeFully(channel, data, active.end);
            JournalFiles.zeroFill(channel, active.end + bytes, size);
            channel.force(true);
            active.end += bytes;
            active.size = size;
            return false;
        }
        FileChannel old = channel;
        segments.add(createSegment(firstPosition - 1, data));
        JournalFiles.closeQuietly(old);
        rolls++;
        segmentCount = segments.size();
        return true;
    }

    /**
     * Creates segment {@code base + 1}: a snapshot of the current state (which does not yet include {@code batchData}),
     * then {@code batchData} if any, then zeros up to the segment size; forces the file (size included) and the
     * directory, and makes it the active segment. Older segments are deleted only after this, so a crash in between
     * leaves a segment with an incomplete snapshot that recovery discards.
     */
    private Segment createSegment(long base, ByteBuffer batchData) throws IOException {
        if (snapshot == null) {
            snapshot = new RecordBuffer(RecordBuffer.ORDINARY_BYTES);
        }
        snapshot.clear();
        snapshot.snapshotMark(base, RecordFormat.SNAPSHOT_BEGIN, state.size());
        for (Map.Entry<String, byte[]> entry : state.entrySet()) {
            snapshot.put(base, entry.getKey(), entry.getValue());
        }
        snapshot.snapshotMark(base, RecordFormat.SNAPSHOT_END, state.size());
        int written = snapshot.size();
        long used = written + (batchData == null ? 0 : batchData.remaining());
        Path path = dir.resolve(RecordFormat.segmentName(base + 1));
        long size = spare.takeAs(path, used);
        boolean fromSpare = size >= 0;
        FileChannel created;
        if (fromSpare) {
            created = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else {
            size = used <= segmentBytes ? segmentBytes : roundUp(used) + segmentBytes;
            created = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        try {
            writeFully(created, snapshot.flip(), 0);
            if (batchData != null) {
                writeFully(created, batchData, written);
            }
            if (fromSpare) {
                // The spare's zeros and size were forced when it was made: only the data needs syncing here.
                created.force(false);
            } else {
                JournalFiles.zeroFill(created, used, size);
                created.force(true);
            }
            // The new name must be durable before the records in it are acknowledged and before older segments go.
            JournalFiles.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            JournalFiles.closeQuietly(created);
            throw e;
        }
        if (fromSpare) {
            spare.countTaken();
        }
        snapshotBytes += written;
        Segment segment = new Segment(base + 1, path, size);
        segment.end = used;
        channel = created;
        spare.prepare();
        return segment;
    }

    /** Deletes the oldest segments while their events are all released up to {@code upTo}; never the active one. */
    void deleteReleased(long upTo) {
        while (segments.size() > 1 && segments.getFirst().lastEvent <= upTo) {
            Segment oldest = segments.getFirst();
            try {
                Files.deleteIfExists(oldest.path);
                // One deletion at a time, synced: the files left after a crash are always a contiguous run of segments.
                JournalFiles.syncDirectory(dir);
            } catch (IOException e) {
                LOG.warn("journal {}: cannot delete {} (tried again after the next release or roll): {}", dir, oldest, e.toString());
                break;
            }
            segments.removeFirst();
            deletedSegments++;
        }
        segmentCount = segments.size();
    }

    /** Closes the active segment's file; when the writer stops. */
    void closeChannel() {
        JournalFiles.closeQuietly(channel);
    }

    /** @return new segments started because the active one was full */
    long rolls() {
        return rolls;
    }

    /** @return segments deleted after their events were released */
    long deletedSegments() {
        return deletedSegments;
    }

    /** @return segment files in use now */
    int count() {
        return segmentCount;
    }

    /** @return bytes of snapshots written at the start of new segments */
    long snapshotBytes() {
        return snapshotBytes;
    }

    private static void writeFully(FileChannel target, ByteBuffer data, long offset) throws IOException {
        long at = offset;
        while (data.hasRemaining()) {
            at += target.write(data, at);
        }
    }

    /** Rounds up to a multiple of 4 KiB, the usual page and block size. */
    private static long roundUp(long bytes) {
        return (bytes + 4095) & ~4095L;
    }
}
