package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread ({@code journal-writer}) and its group commit: it drains whatever is queued, encodes it into one
 * reused buffer, writes it with one write and one sync, applies it to the state, publishes the new durable position
 * (which wakes every caller whose record it covers) and hands the durable events to the owner. Every caller that
 * queued while the previous sync ran thus shares the next one.
 *
 * <p>The thread owns the state, the segments and the batch buffer; the counters are volatile for readers of
 * {@link Journal#stats()}.
 */
final class JournalWriter {
    /** A batch stops taking records at this size, so one write stays bounded when the queue holds a lot. */
    static final int MAX_BATCH_BYTES = 4 << 20;
    // The journal's own logger, so that the log reads as it did when all of this was one class.
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final Journal.Settings settings;
    private final WriteQueue queue;
    private final SegmentLog segments;
    private final Map<String, byte[]> state;
    private final DurablePosition durable;
    private final JournalFailure failure;
    /** The highest released position: segments up to it may be deleted. */
    private final LongSupplier released;
    /** Run on the writer thread as it ends, after the files are closed and the waiters woken. */
    private final Runnable onStop;
    private final Thread thread;
    private final RecordBuffer batch = new RecordBuffer(RecordBuffer.ORDINARY_BYTES);
    private final WriteQueue.Taken taken;

    private volatile long batches;
    private volatile long syncs;
    private volatile long records;
    private volatile long batchBytes;
    private final LatencyHistogram syncLatency = new LatencyHistogram();

    /**
     * Sets the writer up; {@link #start()} starts the thread.
     *
     * @param state    the live state, shared with {@code segments} for its snapshots; only this thread changes it
     * @param released the highest position the owner released
     * @param onStop   run on the writer thread as it ends, after the segment is closed and the waiters are woken
     */
    JournalWriter(Path dir, Journal.Settings settings, WriteQueue queue, SegmentLog segments, Map<String, byte[]> state,
                  DurablePosition durable, JournalFailure failure, LongSupplier released, Runnable onStop) {
        this.dir = dir;
        this.settings = settings;
        this.queue = queue;
        this.segments = segments;
        this.state = state;
        this.durable = durable;
        this.failure = failure;
        this.released = released;
        this.onStop = onStop;
        this.taken = queue.newTaken();
        // Creating the first segment forced it: a sync of its own, before any batch.
        this.syncs = segments.createdAtOpen() ? 1 : 0;
        this.thread = new Thread(this::run, "journal-writer");
        // Every durable reply waits for this thread (see SwitchExecutor): first where the OS honours priorities.
        this.thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return whether the calling thread is the writer (a callback closing the journal) */
    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits at most {@code millis} for the thread to end; an interrupt is kept and ends the wait. */
    void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (queue.drainTo(taken)) {
                boolean rolled = taken.count > 0 && writeBatch(taken.first, taken.count);
                if (rolled || taken.cleanup) {
                    segments.deleteReleased(released.getAsLong());
                }
            }
        } catch (Throwable t) {
            failure.fail(t);
            durable.wakeWaiters();
            if (t instanceof Error) {
                throw (Error) t;
            }
        } finally {
            segments.closeChannel();
            durable.stop();
            onStop.run();
        }
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
                switch (taken.types[to]) {
                    case RecordFormat.PUT:
                        batch.put(position, taken.keys[to], taken.payloads[to]);
                        break;
                    case RecordFormat.DELETE:
                        batch.delete(position, taken.keys[to]);
                        break;
                    default:
                        batch.event(position, taken.payloads[to]);
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
        long start = System.nanoTime();
        boolean rolled = segments.append(data, firstPosition);
        long nanos = System.nanoTime() - start;
        syncLatency.record(nanos);
        batches++;
        syncs++;
        records += to - from;
        batchBytes += bytes;

        Segment active = segments.active();
        List<Journal.Event> events = null;
        Consumer<List<Journal.Event>> callback = settings.durableEvents();
        for (int i = from; i < to; i++) {
            byte type = taken.types[i];
            if (type == RecordFormat.PUT) {
                state.put(taken.keys[i], taken.payloads[i]);
            } else if (type == RecordFormat.DELETE) {
                state.remove(taken.keys[i]);
            } else {
                long position = firstPosition + (i - from);
                active.lastEvent = position;
                if (callback != null) {
                    if (events == null) {
                        events = new ArrayList<>();
                    }
                    events.add(new Journal.Event(position, taken.payloads[i]));
                }
            }
            // The arrays are the callers': drop them, so that they can be collected before the slot is reused.
            taken.keys[i] = null;
            taken.payloads[i] = null;
        }
        active.hasData = true;
        durable.publish(firstPosition + (to - from) - 1);
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

    /** @return writes of queued records */
    long batches() {
        return batches;
    }

    /** @return forces of segment files: one per batch, plus the first segment's creation */
    long syncs() {
        return syncs;
    }

    /** @return PUT, DELETE and EVENT records written */
    long records() {
        return records;
    }

    /** @return bytes of batches written (snapshots are counted by the segments) */
    long batchBytes() {
        return batchBytes;
    }

    /** @return the batches' write and sync durations */
    LatencyHistogram syncLatency() {
        return syncLatency;
    }
}
