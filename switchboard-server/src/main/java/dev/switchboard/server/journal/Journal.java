package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, append-only, durable journal with group commit: a small key→value state and a stream of events, as opaque
 * bytes, in segment files of one directory.
 *
 * <p>Callers enqueue records without blocking ({@link #put}, {@link #event}) and get the record's position, then wait
 * with {@link #await} until it is on disk. One writer thread ({@code journal-writer}) takes whatever is queued, encodes
 * it into one reused buffer and writes and {@code fdatasync}s it once ({@code FileChannel.force(false)}), so every
 * caller that queued while the previous sync ran shares the next one; a caller waits for the sync that covers its
 * record and no longer.
 *
 * <p>Positions are consecutive from 1 over the journal's life, also across restarts. The writer keeps the current
 * state; when the active segment is full it starts a new one that begins with a snapshot of that state, so old
 * segments are only needed for their events. The owner copies events elsewhere ("write-behind") and calls
 * {@link #release}; a segment goes once all its events are released and a newer snapshot exists.
 *
 * <p>Arrays handed to {@link #put} and {@link #event} are kept, not copied (the owner serialises fresh bytes for each
 * record): they must not be modified afterwards. The same arrays come back in {@link Settings#durableEvents()}.
 *
 * <p>Files in the directory: the segments {@code journal-<first position, 20 digits>.log}, {@code journal.lock} (held
 * while open) and {@code journal.spare}, the next segment preallocated by a short-lived background thread so that a
 * roll does not make callers wait for a segment of zeros to be written.
 *
 * <p>Thread-safe. After an I/O failure the journal is failed: it logs the cause once at ERROR, and every later call
 * and every waiter whose record is not durable gets a {@link JournalException} naming it.
 */
public final class Journal implements AutoCloseable {
    // This class is the public face: arguments, the directory lock and the life cycle. The work is done by
    // WriteQueue (callers to writer), JournalWriter (the writer thread and group commit), DurablePosition (waiters),
    // SegmentLog (appends, rolls with snapshots, deletion of released segments), SpareSegment (preallocation),
    // SegmentRecovery (reading the files at open) and JournalFailure (the failed state every call checks).
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** The longest key accepted, in chars (at most 3 bytes each in UTF-8). */
    public static final int MAX_KEY_CHARS = 65_535;
    /** The largest value or event payload accepted, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = RecordFormat.MAX_BODY_BYTES - 4 - 3 * MAX_KEY_CHARS;
    private static final String LOCK_FILE = "journal.lock";
    /** The next segment, preallocated ahead of time; not a segment name, so recovery never reads it. */
    static final String SPARE_FILE = SpareSegment.FILE;
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    /**
     * How a journal is set up.
     *
     * @param segmentBytes  the size each new segment file is preallocated to (4 KiB to 1 GiB); a batch or a snapshot
     *                      that does not fit gets a larger segment
     * @param queueCapacity the number of records that may wait for the writer; beyond it {@link #put} and
     *                      {@link #event} refuse
     * @param durableEvents called on the writer thread after each sync with the events that sync made durable, in
     *                      position order (the arrays given to {@link #event}); {@code null} for none. It must not
     *                      block: every caller waits while it runs. A thrown exception is logged and ignored.
     * @param syncListener  called on the writer thread with the nanoseconds each batch's write and sync took (for a
     *                      metrics timer); {@code null} for none. Same rules as {@code durableEvents}.
     * @param linger        how long an event queued by {@link #eventWithNext} waits at most for a record to go with
     *                      (positive)
     */
    public record Settings(long segmentBytes, int queueCapacity, Consumer<List<Event>> durableEvents, LongConsumer syncListener,
                           Duration linger) {
        /** 16 MiB. */
        public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
        /** 65,536 records. */
        public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
        /**
         * 2 ms: long enough for a request to hand the switch its change after queuing its audit entry, short enough
         * that an event nobody waits for is on disk soon.
         */
        public static final Duration DEFAULT_LINGER = Duration.ofMillis(2);
        private static final long MIN_SEGMENT_BYTES = 4L << 10;
        private static final long MAX_SEGMENT_BYTES = 1L << 30;
        private static final int MAX_QUEUE_CAPACITY = 1 << 24;

        /**
         * Checks the sizes.
         *
         * @param segmentBytes  see the record
         * @param queueCapacity see the record
         * @param durableEvents see the record
         * @param syncListener  see the record
         * @param linger        see the record
         */
        public Settings {
            if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
                throw new IllegalArgumentException("segmentBytes must be between 4 KiB and 1 GiB: " + segmentBytes);
            }
            if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + ": " + queueCapacity);
            }
            if (linger == null || linger.isNegative() || linger.isZero()) {
                throw new IllegalArgumentException("linger must be positive: " + linger);
            }
        }

        /**
         * Settings with the default linger.
         *
         * @param segmentBytes  see the record
         * @param queueCapacity see the record
         * @param durableEvents see the record
         * @param syncListener  see the record
         */
        public Settings(long segmentBytes, int queueCapacity, Consumer<List<Event>> durableEvents, LongConsumer syncListener) {
            this(segmentBytes, queueCapacity, durableEvents, syncListener, DEFAULT_LINGER);
        }

        /**
         * Settings without a sync listener: the shape the owner asked for.
         *
         * @param segmentBytes  see the record
         * @param queueCapacity see the record
         * @param durableEvents see the record
         */
        public Settings(long segmentBytes, int queueCapacity, Consumer<List<Event>> durableEvents) {
            this(segmentBytes, queueCapacity, durableEvents, null);
        }

        /** @return 16 MiB segments, a queue of 65,536 records, no callbacks */
        public static Settings defaults() {
            return new Settings(DEFAULT_SEGMENT_BYTES, DEFAULT_QUEUE_CAPACITY, null, null);
        }

        /**
         * @param bytes the new segment size
         * @return these settings with another segment size
         */
        public Settings withSegmentBytes(long bytes) {
            return new Settings(bytes, queueCapacity, durableEvents, syncListener, linger);
        }

        /**
         * @param records the new queue capacity
         * @return these settings with another queue capacity
         */
        public Settings withQueueCapacity(int records) {
            return new Settings(segmentBytes, records, durableEvents, syncListener, linger);
        }

        /**
         * @param callback the new durable-events callback, or {@code null}
         * @return these settings with another durable-events callback
         */
        public Settings withDurableEvents(Consumer<List<Event>> callback) {
            return new Settings(segmentBytes, queueCapacity, callback, syncListener, linger);
        }

        /**
         * @param listener the new sync listener, or {@code null}
         * @return these settings with another sync listener
         */
        public Settings withSyncListener(LongConsumer listener) {
            return new Settings(segmentBytes, queueCapacity, durableEvents, listener, linger);
        }

        /**
         * @param wait the new linger (positive)
         * @return these settings with another linger for {@link #eventWithNext}
         */
        public Settings withLinger(Duration wait) {
            return new Settings(segmentBytes, queueCapacity, durableEvents, syncListener, wait);
        }
    }

    /**
     * An event and its position.
     *
     * @param position the journal position of the EVENT record
     * @param payload  the opaque bytes, as given to {@link #event} (or as read back by recovery)
     */
    public record Event(long position, byte[] payload) {
    }

    /**
     * What {@link #open} found on disk.
     *
     * @param state        the key→value state: the newest complete snapshot and every PUT and DELETE after it
     *                     (unmodifiable; the arrays are copies the owner may keep)
     * @param events       every EVENT record still on disk, in position order, released or not (the owner filters what
     *                     it already stored)
     * @param lastPosition the position of the last record kept (0 for a new journal); the next record gets the next one
     * @param note         what recovery did, for the log: "clean: …", or what was cut, zeroed or discarded and why
     */
    public record Recovery(Map<String, byte[]> state, List<Event> events, long lastPosition, String note) {
    }

    /**
     * Counters since {@link #open}, for metrics.
     *
     * @param batches         writes of queued records (each followed by one sync)
     * @param syncs           forces of segment files: one per batch, plus the first segment's creation
     * @param records         PUT, DELETE and EVENT records written
     * @param bytesWritten    bytes of records written, snapshots included, preallocation not
     * @param rolls           new segments started because the active one was full
     * @param deletedSegments segments deleted after their events were released
     * @param segments        segment files in use now
     * @param queued          records waiting for the writer now
     * @param appended        the last position handed out
     * @param durable         the last position on disk
     * @param released        the highest position passed to {@link #release}
     * @param syncP50Nanos    median time of a batch's write and sync (from a histogram: at most 12.5% high)
     * @param syncP99Nanos    99th percentile of the same
     * @param syncMaxNanos    the longest
     * @param syncTotalNanos  the sum, with {@code batches} for a mean
     */
    public record Stats(long batches, long syncs, long records, long bytesWritten, long rolls, long deletedSegments, int segments,
                        int queued, long appended, long durable, long released, long syncP50Nanos, long syncP99Nanos, long syncMaxNanos,
                        long syncTotalNanos) {
    }
    private final Path dir;
    private final Recovery recovery;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean lockReleased = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong released = new AtomicLong();
    private final JournalFailure failure;
    private final WriteQueue queue;
    private final DurablePosition durable;
    private final SpareSegment spare;
    private final SegmentLog segments;
    private final JournalWriter writer;

    private Journal(Path dir, Settings settings, FileChannel lockChannel, FileLock lock, SegmentRecovery.Recovered recovered)
            throws IOException {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovery = recovered.recovery;
        this.failure = new JournalFailure(dir);
        this.queue = new WriteQueue(settings.queueCapacity(), recovered.lastPosition, dir, failure, settings.linger());
        this.durable = new DurablePosition(dir, recovered.lastPosition, failure, queue::size);
        this.spare = new SpareSegment(dir, settings.segmentBytes(), closed::get);
        this.segments = new SegmentLog(dir, settings.segmentBytes(), recovered.segments, recovered.state, recovered.lastPosition,
                spare);
        this.writer = new JournalWriter(dir, settings, queue, segments, recovered.state, durable, failure, released::get,
                this::writerStopped);
    }

    /**
     * Opens the journal in {@code dir}, creating the directory if needed, and recovers what is on disk (see
     * {@link #recovery()}). The directory is locked ({@code journal.lock}) until {@link #close()}.
     *
     * @param dir      the journal's directory; files other than {@code journal-*.log} and the lock are left alone
     * @param settings see {@link Settings#defaults()}
     * @return the open journal, with its writer thread running
     * @throws JournalException IN_USE when another journal holds the directory, CORRUPT when the files cannot be
     *                          recovered without losing acknowledged state, IO when they cannot be read or written
     */
    public static Journal open(Path dir, Settings settings) throws JournalException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(settings, "settings");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new JournalException(JournalException.Reason.IN_USE, "The journal in " + dir + " is already open");
            }
            Journal journal = new Journal(dir, settings, lockChannel, lock, SegmentRecovery.recover(dir));
            journal.writer.start();
            journal.spare.prepare();
            return journal;
        } catch (IOException e) {
            JournalFiles.closeQuietly(lockChannel);
            throw new JournalException(JournalException.Reason.IO, "Cannot open the journal in " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            JournalFiles.closeQuietly(lockChannel);
            throw e;
        }
    }

    /** @return what {@link #open} recovered; the same object on every call */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Queues {@code key = value}, or the deletion of {@code key}, without blocking.
     *
     * @param key   at most {@link #MAX_KEY_CHARS} chars; stored as UTF-8
     * @param value the new value (kept, not copied: do not modify it), or {@code null} to delete the key
     * @return the record's position, for {@link #await}
     * @throws JournalException         FULL when the queue is full, CLOSED after {@link #close()}, IO when the journal
     *                                  failed
     * @throws IllegalArgumentException when the key or the value is too long
     */
    public long put(String key, byte[] value) {
        checkKey(key);
        if (value == null) {
            return queue.add(RecordFormat.DELETE, key, null);
        }
        checkPayload(value);
        return queue.add(RecordFormat.PUT, key, value);
    }

    /**
     * Queues an event without blocking.
     *
     * @param payload the opaque bytes (kept, not copied: do not modify them), at most {@link #MAX_PAYLOAD_BYTES}
     * @return the record's position, for {@link #await} and {@link #release}
     * @throws JournalException         FULL when the queue is full, CLOSED after {@link #close()}, IO when the journal
     *                                  failed
     * @throws IllegalArgumentException when the payload is too long
     */
    public long event(byte[] payload) {
        checkPayload(Objects.requireNonNull(payload, "payload"));
        return queue.add(RecordFormat.EVENT, null, payload);
    }

    /**
     * Queues an event that goes to disk with the records that follow it: it starts no sync of its own. The writer takes
     * it with the next record queued by {@link #put} or {@link #event}, as soon as someone {@link #await}s it, or at most
     * {@link Settings#linger()} later. For a caller that queues it just before the change it belongs to and then waits
     * for both: one sync instead of two in a row.
     *
     * @see #event
     */
    public long eventWithNext(byte[] payload) {
        checkPayload(Objects.requireNonNull(payload, "payload"));
        return queue.add(RecordFormat.EVENT, null, payload, false);
    }

    /**
     * @return whether a record can be queued now: the queue is not full and the journal is neither closed nor failed.
     *         Callers refuse new work when it is {@code false} instead of blocking; another thread may still fill the
     *         queue in between, so {@link #put} can refuse anyway.
     */
    public boolean hasRoom() {
        return queue.hasRoom() && failure.get() == null;
    }

    /**
     * Waits until every record up to {@code position} is on disk. Returns at once when it already is, even after a
     * failure or a close, since the record is durable either way.
     *
     * @param position a position returned by {@link #put} or {@link #event}
     * @param timeout  how long to wait at most
     * @throws IllegalArgumentException when no record has that position yet
     * @throws JournalException         TIMEOUT, IO (the journal failed before the record was durable, naming the cause),
     *                                  CLOSED (closed and the writer gone), INTERRUPTED
     */
    public void await(long position, Duration timeout) throws JournalException {
        if (position <= durable.get()) {
            return;
        }
        checkAppended(position);
        queue.expedite();
        durable.await(position, timeout);
    }

    /**
     * As {@link #await} without blocking: a future completed once every record up to {@code position} is on disk
     * (at once when it already is), or failed with a {@link JournalException} (IO, CLOSED) when the journal fails or
     * closes first. It has no timeout of its own. Safe on a thread that must not block (the switch's).
     *
     * @throws IllegalArgumentException when no record has that position yet
     */
    public CompletableFuture<Void> whenDurable(long position) {
        if (position <= durable.get()) {
            return CompletableFuture.completedFuture(null);
        }
        checkAppended(position);
        queue.expedite();
        return durable.whenDurable(position);
    }

    /**
     * A barrier: waits until everything appended before this call is durable.
     *
     * @param timeout how long to wait at most
     * @throws JournalException as {@link #await}
     */
    public void awaitAll(Duration timeout) throws JournalException {
        JournalException failed = failure.get();
        if (failed != null && queue.appended() > durable.get()) {
            throw JournalFailure.refused(failed);
        }
        await(queue.appended(), timeout);
    }

    /** @return the last position handed out by {@link #put} or {@link #event} (or recovered) */
    public long appendedPosition() {
        return queue.appended();
    }

    /** @return the last position known to be on disk; every record up to it is durable */
    public long durablePosition() {
        return durable.get();
    }

    /**
     * Tells the journal that the owner has stored every event up to {@code position} elsewhere, durably. Segments whose
     * events are all released (and that a newer segment's snapshot covers, which is every segment but the active one)
     * are then deleted by the writer thread, oldest first. Positions lower than an earlier release change nothing.
     * The released position is not written down: after a restart the recovered events include released ones still
     * on disk, and the owner calls this again once it has filtered or stored them. After {@link #close()} this does
     * nothing.
     *
     * @param position the highest released position
     * @throws IllegalArgumentException when no record has that position yet
     * @throws JournalException         IO when the journal failed
     */
    public void release(long position) {
        failure.check();
        checkAppended(position);
        long before = released.getAndAccumulate(position, Math::max);
        if (position > before) {
            queue.requestCleanup();
        }
    }

    /** @return counters and sync durations since {@link #open} */
    public Stats stats() {
        LatencyHistogram syncLatency = writer.syncLatency();
        return new Stats(writer.batches(), writer.syncs(), writer.records(), writer.batchBytes() + segments.snapshotBytes(),
                segments.rolls(), segments.deletedSegments(), segments.count(), queue.size(), queue.appended(), durable.get(),
                released.get(), syncLatency.percentile(0.5), syncLatency.percentile(0.99), syncLatency.maxNanos(),
                syncLatency.totalNanos());
    }

    /** @return the failure that stopped the journal, if any (for a health check) */
    public Optional<JournalException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** @return the journal's directory */
    public Path directory() {
        return dir;
    }

    /**
     * Stops accepting records, lets the writer write and sync what is queued, waits for it (at most 30 s), closes the
     * files and releases the directory. Idempotent. Waiters whose records were queued are released normally.
     * Does not throw: a failure is logged and reported to waiters.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        if (writer.isWriterThread()) {
            // Closed from a callback: the writer finishes the queue and releases the directory when it leaves its loop.
            return;
        }
        writer.join(CLOSE_WAIT_MILLIS);
        if (writer.isAlive()) {
            // Keep the directory locked: the writer still holds the segment and may yet write to it.
            LOG.error("journal {}: the writer did not finish within {} ms of close; the directory stays locked until it does",
                    dir, CLOSE_WAIT_MILLIS);
            return;
        }
        releaseDirectory();
    }

    /** For tests: the active segment's channel, to make the writer's next write fail. */
    FileChannel activeChannel() {
        return segments.channel();
    }

    /** For tests: whether a spare segment is ready for the next roll. */
    boolean spareReady() {
        return spare.ready();
    }

    /** For tests: how many rolls used the spare instead of writing a segment of zeros. */
    long spareRolls() {
        return spare.taken();
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("A key of " + key.length() + " chars; at most " + MAX_KEY_CHARS);
        }
    }

    private static void checkPayload(byte[] bytes) {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("A value of " + bytes.length + " bytes; at most " + MAX_PAYLOAD_BYTES);
        }
    }

    private void checkAppended(long position) {
        long appended = queue.appended();
        if (position > appended) {
            throw new IllegalArgumentException("No record at position " + position + " (last appended " + appended + ")");
        }
    }

    /** On the writer thread as it ends: a close that came while it still ran left the directory for it to release. */
    private void writerStopped() {
        if (closed.get()) {
            releaseDirectory();
        }
    }

    private void releaseDirectory() {
        if (!lockReleased.compareAndSet(false, true)) {
            return;
        }
        // The next journal in this directory rewrites the spare: this one must have stopped writing it.
        spare.awaitMaker(CLOSE_WAIT_MILLIS);
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("journal {}: cannot release the directory lock: {}", dir, e.toString());
        }
        JournalFiles.closeQuietly(lockChannel);
    }
}
