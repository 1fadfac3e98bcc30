package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next segment, preallocated ahead of time ({@value #FILE}) by a short-lived background thread, so that a roll
 * only renames it instead of writing and forcing a whole segment of zeros while every caller waits (about 20 ms for
 * 16 MiB on a fast disk, against a tenth of a millisecond for an ordinary sync). Its name is not a segment name, so
 * recovery never reads it. Thread-safe.
 */
final class SpareSegment {
    /** The spare's file name in the journal's directory. */
    static final String FILE = "journal.spare";
    private static final long CHUNK = 1L << 20;
    // The journal's own logger, so that the log reads as it did when all of this was one class.
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final long segmentBytes;
    /** Whether the journal is closed: no new spare is started then. */
    private final BooleanSupplier closed;

    // Made by the maker thread, taken by the writer when ready.
    private final Object lock = new Object();
    private Thread maker;
    private boolean making;
    private volatile boolean ready;
    private volatile long bytes;
    /** Written by the writer only; volatile for tests. */
    private volatile long taken;

    /**
     * @param dir          the journal's directory
     * @param segmentBytes the size to preallocate
     * @param closed       whether the journal is closed
     */
    SpareSegment(Path dir, long segmentBytes, BooleanSupplier closed) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.closed = closed;
    }

    /** Starts making the spare in the background, unless it is ready, being made, or the journal is closed. */
    void prepare() {
        synchronized (lock) {
            if (ready || making || closed.getAsBoolean()) {
                return;
            }
            making = true;
            maker = new Thread(this::make, "journal-preallocator");
            maker.setDaemon(true);
            maker.start();
        }
    }

    private void make() {
        long size = segmentBytes;
        boolean made = false;
        try (FileChannel spare = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            // A megabyte at a time, each forced: one 16 MiB flush holds up the writer's fdatasyncs on the same disk for
            // several milliseconds (measured here: worst batch sync 10 ms with a single flush, 3-4 ms with 1 MiB ones,
            // the disk's own noise; 24 ms when the roll wrote the zeros itself).
            for (long at = 0; at < size; at += CHUNK) {
                JournalFiles.zeroFill(spare, at, Math.min(size, at + CHUNK));
                spare.force(false);
            }
            spare.force(true);
            made = true;
        } catch (IOException e) {
            // Not a failure of the journal: the next roll makes its segment itself, and reports the disk if it is broken.
            LOG.warn("journal {}: cannot prepare the next segment ahead of time: {}", dir, e.toString());
        } finally {
            synchronized (lock) {
                // Both at once, so that a writer that takes the spare always finds the maker done and can ask again.
                bytes = size;
                ready = made;
                making = false;
            }
        }
    }

    /**
     * For the writer: renames the spare to {@code target} when it is ready and holds {@code used} bytes. Its zeros and
     * size were forced when it was made, so the caller only syncs the data it writes into it.
     *
     * @return the spare's size, or -1 when there is no spare to take (the caller makes the segment itself)
     */
    long takeAs(Path target, long used) throws IOException {
        if (!ready || used > bytes) {
            return -1;
        }
        ready = false;
        long size = bytes;
        Files.move(dir.resolve(FILE), target, StandardCopyOption.ATOMIC_MOVE);
        return size;
    }

    /** For the writer, once the segment made from the spare is written and synced. */
    void countTaken() {
        taken++;
    }

    /** @return whether a spare is ready for the next roll */
    boolean ready() {
        return ready;
    }

    /** @return how many rolls used the spare instead of writing a segment of zeros */
    long taken() {
        return taken;
    }

    /**
     * Waits (at most {@code millis}) for a running maker to stop: the next journal in this directory rewrites the
     * spare, so this one must have stopped writing it before the directory is released.
     */
    void awaitMaker(long millis) {
        Thread running;
        synchronized (lock) {
            running = maker;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(millis);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
