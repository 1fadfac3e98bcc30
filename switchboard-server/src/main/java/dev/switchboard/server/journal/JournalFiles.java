package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File helpers shared by the journal's classes: listing the segments, zero-filling, directory syncs and quiet closes.
 */
final class JournalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** Zeros to copy from; only ever read (through duplicates, since position and limit are per buffer). */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 << 10);

    private JournalFiles() {
    }

    /** The segment files in {@code dir}, oldest first; other files are ignored. */
    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> RecordFormat.segmentPosition(file) > 0 && Files.isRegularFile(file))
                    .sorted(Comparator.comparingLong(RecordFormat::segmentPosition))
                    .toList();
        }
    }

    /** Writes zeros over {@code [from, to)}. */
    static void zeroFill(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeros = ZEROS.duplicate();
        for (long at = from; at < to; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            at += channel.write(zeros, at);
        }
    }

    /** Closes {@code target} if there is one; a failure to close is only logged: whatever had to be durable
     * was forced before. */
    static void closeQuietly(FileChannel target) {
        if (target == null) {
            return;
        }
        try {
            target.close();
        } catch (IOException e) {
            LOG.debug("closing a journal file failed: {}", e.toString());
        }
    }

    /**
     * Forces the directory itself, so that a created or deleted segment name survives a power loss together with the
     * data already forced into it. Linux allows opening a directory for this; where the platform refuses, there is
     * nothing better to do than carry on.
     */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | AccessDeniedException unsupported) {
            LOG.debug("directory {} cannot be synced on this platform: {}", dir, unsupported.toString());
        }
    }
}
