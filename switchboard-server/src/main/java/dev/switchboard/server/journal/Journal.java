package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** A batch stops taking records at this size, so one write stays bounded when the queue holds a lot. */
    static final int MAX_BATCH_BYTES = 4 << 20;
    /** The longest key accepted, in chars (at most 3 bytes each in UTF-8). */
    public static final int MAX_KEY_CHARS = 65_535;
    /** The largest value or event payload accepted, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = RecordFormat.MAX_BODY_BYTES - 4 - 3 * MAX_KEY_CHARS;
    private static final String LOCK_FILE = "journal.lock";
    /** The next segment, preallocated ahead of time; not a segment name, so recovery never reads it. */
    static final String SPARE_FILE = "journal.spare";
    private static final long SPARE_CHUNK = 1L << 20;
    private static final long CLOSE_WAIT_MILLIS = 30_000;
    private static final int INITIAL_BUFFER_BYTES = 256 << 10;

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
     */
    public record Settings(long segmentBytes, int queueCapacity, Consumer<List<Event>> durableEvents, LongConsumer syncListener) {
        /** 16 MiB. */
        public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
        /** 65,536 records. */
        public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
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
         */
        public Settings {
            if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
                throw new IllegalArgumentException("segmentBytes must be between 4 KiB and 1 GiB: " + segmentBytes);
            }
            if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + ": " + queueCapacity);
            }
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
            return new Settings(bytes, queueCapacity, durableEvents, syncListener);
        }

        /**
         * @param records the new queue capacity
         * @return these settings with another queue capacity
         */
        public Settings withQueueCapacity(int records) {
            return new Settings(segmentBytes, records, durableEvents, syncListener);
        }

        /**
         * @param callback the new durable-events callback, or {@code null}
         * @return these settings with another durable-events callback
         */
        public Settings withDurableEvents(Consumer<List<Event>> callback) {
            return new Settings(segmentBytes, queueCapacity, callback, syncListener);
        }

        /**
         * @param listener the new sync listener, or {@code null}
         * @return these settings with another sync listener
         */
        public Settings withSyncListener(LongConsumer listener) {
            return new Settings(segmentBytes, queueCapacity, durableEvents, listener);
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
    private final Settings settings;
    private final Recovery recovery;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean lockReleased = new AtomicBoolean();

    // The queue: a ring of parallel arrays, so that enqueueing allocates nothing. Guarded by queueLock.
    private final ReentrantLock queueLock = new ReentrantLock();
    /** Signals the writer: records queued, cleanup requested, or closing. */
    private final Condition writerWork = queueLock.newCondition();
    private final int capacity;
    private final byte[] queuedTypes;
    private final String[] queuedKeys;
    private final byte[][] queuedPayloads;
    private int head;
    /** Written under queueLock; volatile so that {@link #hasRoom()} can read it without the lock. */
    private volatile int queued;
    private volatile long appended;
    private volatile boolean closing;
    private boolean cleanupRequested;

    private volatile long durable;
    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableChanged = durableLock.newCondition();
    private final AtomicLong released = new AtomicLong();
    private final AtomicReference<JournalException> failure = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopped;

    // Owned by the writer thread (and by open() before the thread starts).
    private final Thread writer;
    private final HashMap<String, byte[]> state;
    private final ArrayDeque<Segment> segments;
    private final RecordBuffer batch = new RecordBuffer(INITIAL_BUFFER_BYTES);
    private RecordBuffer snapshot;
    private FileChannel channel;
    private final byte[] takenTypes;
    private final String[] takenKeys;
    private final byte[][] takenPayloads;

    // Written by the writer only; volatile for readers of stats().
    private volatile long batches;
    private volatile long syncs;
    private volatile long records;
    private volatile long bytesWritten;
    private volatile long rolls;
    private volatile long deletedSegments;
    private volatile int segmentCount;
    private final LatencyHistogram syncLatency = new LatencyHistogram();
    private volatile long spareRolls;

    // The spare segment: made by a short-lived background thread, taken by the writer when spareReady.
    private final Object spareLock = new Object();
    private Thread spareMaker;
    private boolean spareMaking;
    private volatile boolean spareReady;
    private volatile long spareBytes;

    private Journal(Path dir, Settings settings, FileChannel lockChannel, FileLock lock, JournalFiles.Recovered recovered)
            throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovery = recovered.recovery;
        this.state = recovered.state;
        this.segments = recovered.segments;
        this.capacity = settings.queueCapacity();
        this.queuedTypes = new byte[capacity];
        this.queuedKeys = new String[capacity];
        this.queuedPayloads = new byte[capacity][];
        this.takenTypes = new byte[capacity];
        this.takenKeys = new String[capacity];
        this.takenPayloads = new byte[capacity][];
        this.appended = recovered.lastPosition;
        this.durable = recovered.lastPosition;
        if (segments.isEmpty()) {
            segments.add(createSegment(recovered.lastPosition, null));
            syncs++;
        } else {
            channel = FileChannel.open(segments.getLast().path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        this.segmentCount = segments.size();
        this.writer = new Thread(this::runWriter, "journal-writer");
        writer.setDaemon(true);
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
            Journal journal = new Journal(dir, settings, lockChannel, lock, JournalFiles.recover(dir));
            journal.writer.start();
            journal.prepareSpare();
            return journal;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new JournalException(JournalException.Reason.IO, "Cannot open the journal in " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(lockChannel);
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
            return enqueue(RecordFormat.DELETE, key, null);
        }
        checkPayload(value);
        return enqueue(RecordFormat.PUT, key, value);
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
        return enqueue(RecordFormat.EVENT, null, payload);
    }

    /**
     * @return whether a record can be queued now: the queue is not full and the journal is neither closed nor failed.
     *         Callers refuse new work when it is {@code false} instead of blocking; another thread may still fill the
     *         queue in between, so {@link #put} can refuse anyway.
     */
    public boolean hasRoom() {
        return queued < capacity && !closing && failure.get() == null;
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
        if (position <= durable) {
            return;
        }
        if (position > appended) {
            throw new IllegalArgumentException("No record at position " + position + " (last appended " + appended + ")");
        }
        long nanos = timeout.toNanos();
        durableLock.lock();
        try {
            while (durable < position) {
                JournalException failed = failure.get();
                if (failed != null) {
                    throw refused(failed);
                }
                if (stopped) {
                    throw new JournalException(JournalException.Reason.CLOSED, "The journal in " + dir + " closed before position "
                            + position + " was durable");
                }
                if (nanos <= 0) {
                    throw new JournalException(JournalException.Reason.TIMEOUT, "Position " + position + " not durable after "
                            + timeout.toMillis() + " ms (durable: " + durable + ", queued: " + queued + ")");
                }
                nanos = durableChanged.awaitNanos(nanos);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JournalException(JournalException.Reason.INTERRUPTED, "Interrupted waiting for position " + position,
                    interrupted);
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * A barrier: waits until everything appended before this call is durable.
     *
     * @param timeout how long to wait at most
     * @throws JournalException as {@link #await}
     */
    public void awaitAll(Duration timeout) throws JournalException {
        JournalException failed = failure.get();
        if (failed != null && appended > durable) {
            throw refused(failed);
        }
        await(appended, timeout);
    }

    /** @return the last position handed out by {@link #put} or {@link #event} (or recovered) */
    public long appendedPosition() {
        return appended;
    }

    /** @return the last position known to be on disk; every record up to it is durable */
    public long durablePosition() {
        return durable;
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
        JournalException failed = failure.get();
        if (failed != null) {
            throw refused(failed);
        }
        if (position > appended) {
            throw new IllegalArgumentException("No record at position " + position + " (last appended " + appended + ")");
        }
        long before = released.getAndAccumulate(position, Math::max);
        if (position > before && !closing) {
            queueLock.lock();
            try {
                cleanupRequested = true;
                writerWork.signal();
            } finally {
                queueLock.unlock();
            }
        }
    }

    /** @return counters and sync durations since {@link #open} */
    public Stats stats() {
        return new Stats(batches, syncs, records, bytesWritten, rolls, deletedSegments, segmentCount, queued, appended, durable,
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
        queueLock.lock();
        try {
            closing = true;
            writerWork.signal();
        } finally {
            queueLock.unlock();
        }
        if (Thread.currentThread() == writer) {
            // Closed from a callback: the writer finishes the queue and releases the directory when it leaves its loop.
            return;
        }
        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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
        return channel;
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

    private long enqueue(byte type, String key, byte[] payload) {
        queueLock.lock();
        try {
            JournalException failed = failure.get();
            if (failed != null) {
                throw refused(failed);
            }
            if (closing) {
                throw new JournalException(JournalException.Reason.CLOSED, "The journal in " + dir + " is closed");
            }
            int count = queued;
            if (count == capacity) {
                throw new JournalException(JournalException.Reason.FULL, "The journal queue is full (" + capacity + " records)");
            }
            int slot = head + count < capacity ? head + count : head + count - capacity;
            queuedTypes[slot] = type;
            queuedKeys[slot] = key;
            queuedPayloads[slot] = payload;
            queued = count + 1;
            long position = appended + 1;
            appended = position;
            if (count == 0) {
                // The writer only ever waits on an empty queue, so only the first record needs to wake it.
                writerWork.signal();
            }
            return position;
        } finally {
            queueLock.unlock();
        }
    }

    /** A new exception per refused call, so that each caller gets its own stack trace, with the original cause. */
    private JournalException refused(JournalException failed) {
        return new JournalException(JournalException.Reason.IO, failed.getMessage(), failed.getCause());
    }

    private void runWriter() {
        try {
            while (true) {
                int count;
                long first;
                boolean cleanup;
                queueLock.lock();
                try {
                    while (queued == 0 && !closing && !cleanupRequested) {
                        writerWork.awaitUninterruptibly();
                    }
                    count = queued;
                    if (count == 0 && closing) {
                        break;
                    }
                    first = appended - count + 1;
                    take(count);
                    cleanup = cleanupRequested;
                    cleanupRequested = false;
                } finally {
                    queueLock.unlock();
                }
                boolean rolled = count > 0 && writeBatch(first, count);
                if (rolled || cleanup) {
                    deleteReleased();
                }
            }
        } catch (Throwable t) {
            fail(t);
            if (t instanceof Error) {
                throw (Error) t;
            }
        } finally {
            closeQuietly(channel);
            stopped = true;
            wakeWaiters();
            if (closed.get()) {
                releaseDirectory();
            }
        }
    }

    /** Moves the queued records to the writer's arrays; under queueLock. */
    private void take(int count) {
        int firstPart = Math.min(count, capacity - head);
        System.arraycopy(queuedTypes, head, takenTypes, 0, firstPart);
        System.arraycopy(queuedKeys, head, takenKeys, 0, firstPart);
        System.arraycopy(queuedPayloads, head, takenPayloads, 0, firstPart);
        Arrays.fill(queuedKeys, head, head + firstPart, null);
        Arrays.fill(queuedPayloads, head, head + firstPart, null);
        int rest = count - firstPart;
        if (rest > 0) {
            System.arraycopy(queuedTypes, 0, takenTypes, firstPart, rest);
            System.arraycopy(queuedKeys, 0, takenKeys, firstPart, rest);
            System.arraycopy(queuedPayloads, 0, takenPayloads, firstPart, rest);
            Arrays.fill(queuedKeys, 0, rest, null);
            Arrays.fill(queuedPayloads, 0, rest, null);
        }
        head = (head + count) % capacity;
        queued = 0;
    }

    /**
     * Writes the taken records {@code [0, count)}, positions from {@code first}, in batches of at most about
     * {@link #MAX_BATCH_BYTES}, each written and synced once.
     *
     * @return whether a new segment was started
     */
    private boolean writeBatch(long first, int count) throws IOException {
        boolean rolled = false;
        for (int from = 0; from < count; ) {
            batch.clear();
            int to = from;
            while (to < count && batch.size() < MAX_BATCH_BYTES) {
                long position = first + to;
                switch (takenTypes[to]) {
                    case RecordFormat.PUT:
                        batch.put(position, takenKeys[to], takenPayloads[to]);
                        break;
                    case RecordFormat.DELETE:
                        batch.delete(position, takenKeys[to]);
                        break;
                    default:
                        batch.event(position, takenPayloads[to]);
                        break;
                }
                to++;
            }
            rolled |= writeChunk(first + from, from, to);
            from = to;
        }
        return rolled;
    }

    /** Writes and syncs the encoded records {@code [from, to)}, then publishes them. */
    private boolean writeChunk(long firstPosition, int from, int to) throws IOException {
        int bytes = batch.size();
        ByteBuffer data = batch.flip();
        Segment active = segments.getLast();
        boolean rolled = false;
        long start = System.nanoTime();
        if (active.end + bytes <= active.size) {
            writeFully(channel, data, active.end);
            // The segment was preallocated and its size forced at creation, so the data alone needs syncing.
            channel.force(false);
            active.end += bytes;
        } else if (!active.hasData) {
            // A new segment would have the same name (base + 1): grow this one instead. Rare: a batch larger than an
            // empty segment, right after open or a recovery that kept only the snapshot.
            long size = roundUp(active.end + bytes) + settings.segmentBytes();
            writeFully(channel, data, active.end);
            JournalFiles.zeroFill(channel, active.end + bytes, size);
            channel.force(true);
            active.end += bytes;
            active.size = size;
        } else {
            FileChannel old = channel;
            active = createSegment(firstPosition - 1, data);
            segments.add(active);
            closeQuietly(old);
            rolls++;
            segmentCount = segments.size();
            rolled = true;
        }
        long nanos = System.nanoTime() - start;
        syncLatency.record(nanos);
        batches++;
        syncs++;
        records += to - from;
        bytesWritten += bytes;

        List<Event> events = null;
        Consumer<List<Event>> callback = settings.durableEvents();
        for (int i = from; i < to; i++) {
            byte type = takenTypes[i];
            if (type == RecordFormat.PUT) {
                state.put(takenKeys[i], takenPayloads[i]);
            } else if (type == RecordFormat.DELETE) {
                state.remove(takenKeys[i]);
            } else {
                long position = firstPosition + (i - from);
                active.lastEvent = position;
                if (callback != null) {
                    if (events == null) {
                        events = new ArrayList<>();
                    }
                    events.add(new Event(position, takenPayloads[i]));
                }
            }
            takenKeys[i] = null;
            takenPayloads[i] = null;
        }
        active.hasData = true;
        durable = firstPosition + (to - from) - 1;
        wakeWaiters();
        reportSync(settings.syncListener(), nanos);
        if (events != null) {
            try {
                callback.accept(Collections.unmodifiableList(events));
            } catch (RuntimeException e) {
                LOG.warn("journal {}: the durable-events callback failed", dir, e);
            }
        }
        return rolled;
    }

    private void reportSync(LongConsumer listener, long nanos) {
        if (listener != null) {
            try {
                listener.accept(nanos);
            } catch (RuntimeException e) {
                LOG.warn("journal {}: the sync listener failed", dir, e);
            }
        }
    }

    /**
     * Creates segment {@code base + 1}: a snapshot of the current state (which does not yet include {@code batchData}),
     * then {@code batchData} if any, then zeros up to the segment size; forces the file (size included) and the
     * directory, and makes it the active segment. Older segments are deleted only after this, so a crash in between
     * leaves a segment with an incomplete snapshot that recovery discards.
     */
    private Segment createSegment(long base, ByteBuffer batchData) throws IOException {
        if (snapshot == null) {
            snapshot = new RecordBuffer(INITIAL_BUFFER_BYTES);
        }
        snapshot.clear();
        snapshot.snapshotMark(base, RecordFormat.SNAPSHOT_BEGIN, state.size());
        for (Map.Entry<String, byte[]> entry : state.entrySet()) {
            snapshot.put(base, entry.getKey(), entry.getValue());
        }
        snapshot.snapshotMark(base, RecordFormat.SNAPSHOT_END, state.size());
        int snapshotBytes = snapshot.size();
        long used = snapshotBytes + (batchData == null ? 0 : batchData.remaining());
        Path path = dir.resolve(RecordFormat.segmentName(base + 1));
        boolean fromSpare = spareReady && used <= spareBytes;
        long size;
        FileChannel created;
        if (fromSpare) {
            spareReady = false;
            size = spareBytes;
            Files.move(dir.resolve(SPARE_FILE), path, StandardCopyOption.ATOMIC_MOVE);
            created = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else {
            size = used <= settings.segmentBytes() ? settings.segmentBytes() : roundUp(used) + settings.segmentBytes();
            created = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        try {
            writeFully(created, snapshot.flip(), 0);
            if (batchData != null) {
                writeFully(created, batchData, snapshotBytes);
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
            closeQuietly(created);
            throw e;
        }
        if (fromSpare) {
            spareRolls++;
        }
        bytesWritten += snapshotBytes;
        Segment segment = new Segment(base + 1, path, size);
        segment.end = used;
        channel = created;
        prepareSpare();
        return segment;
    }

    /**
     * Starts making the spare segment file in the background, unless it is ready or being made: a roll then only
     * renames it, instead of writing and forcing a whole segment of zeros while every caller waits (about 20 ms for
     * 16 MiB on a fast disk, against a tenth of a millisecond for an ordinary sync).
     */
    private void prepareSpare() {
        synchronized (spareLock) {
            if (spareReady || spareMaking || closed.get()) {
                return;
            }
            spareMaking = true;
            spareMaker = new Thread(this::makeSpare, "journal-preallocator");
            spareMaker.setDaemon(true);
            spareMaker.start();
        }
    }

    private void makeSpare() {
        long size = settings.segmentBytes();
        boolean made = false;
        try (FileChannel spare = FileChannel.open(dir.resolve(SPARE_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            // A megabyte at a time, each forced: one 16 MiB flush holds up the writer's fdatasyncs on the same disk for
            // several milliseconds (measured here: worst batch sync 10 ms with a single flush, 3-4 ms with 1 MiB ones,
            // the disk's own noise; 24 ms when the roll wrote the zeros itself).
            for (long at = 0; at < size; at += SPARE_CHUNK) {
                JournalFiles.zeroFill(spare, at, Math.min(size, at + SPARE_CHUNK));
                spare.force(false);
            }
            spare.force(true);
            made = true;
        } catch (IOException e) {
            // Not a failure of the journal: the next roll makes its segment itself, and reports the disk if it is broken.
            LOG.warn("journal {}: cannot prepare the next segment ahead of time: {}", dir, e.toString());
        } finally {
            synchronized (spareLock) {
                // Both at once, so that a writer that takes the spare always finds the maker done and can ask again.
                spareBytes = size;
                spareReady = made;
                spareMaking = false;
            }
        }
    }

    /** For tests: whether a spare segment is ready for the next roll. */
    boolean spareReady() {
        return spareReady;
    }

    /** For tests: how many rolls used the spare instead of writing a segment of zeros. */
    long spareRolls() {
        return spareRolls;
    }

    /** Deletes the oldest segments while their events are all released; never the active one. */
    private void deleteReleased() {
        long upTo = released.get();
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

    private void fail(Throwable cause) {
        JournalException failed = new JournalException(JournalException.Reason.IO, "The journal in " + dir + " failed: " + cause,
                cause);
        if (failure.compareAndSet(null, failed)) {
            LOG.error("journal {} failed; every later write and every waiter for a record not yet durable is refused", dir, cause);
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        durableLock.lock();
        try {
            durableChanged.signalAll();
        } finally {
            durableLock.unlock();
        }
    }

    private void releaseDirectory() {
        if (!lockReleased.compareAndSet(false, true)) {
            return;
        }
        Thread maker;
        synchronized (spareLock) {
            maker = spareMaker;
        }
        if (maker != null && maker != Thread.currentThread()) {
            try {
                // The next journal in this directory rewrites the spare: this one must have stopped writing it.
                maker.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("journal {}: cannot release the directory lock: {}", dir, e.toString());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel target) {
        if (target == null) {
            return;
        }
        try {
            target.close();
        } catch (IOException e) {
            LOG.debug("closing a journal file failed: {}", e.toString());
        }
    }
}
