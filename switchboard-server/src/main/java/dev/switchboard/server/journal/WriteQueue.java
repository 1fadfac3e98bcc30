package dev.switchboard.server.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the callers and the writer thread, which hands out positions. Callers add records without
 * blocking; the writer drains whatever is queued in one go, which is what makes a batch of every record queued while
 * the previous sync ran.
 *
 * <p>A record may be queued to travel with what follows it ({@code urgent = false}): it does not start a sync of its
 * own. The writer takes it with the next urgent record, when someone waits for it ({@link #expedite}), or at most
 * {@link #LINGER_NANOS} later, whichever comes first. A monitoring request's audit entry is such a record: queued just
 * before the switch's change, it would otherwise start a sync alone, and the change's record would wait for that sync
 * to end before its own began (two syncs in a row for one acknowledgement).
 *
 * <p>A ring of parallel arrays, so that adding a record allocates nothing. Thread-safe: everything that changes the
 * queue runs under one lock, which is also the lock the writer waits on.
 */
final class WriteQueue {
    private final Path dir;
    private final JournalFailure failure;
    /** How long a record that travels with what follows waits for company at most before the writer takes it. */
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signals the writer: records queued, cleanup requested, or closing. */
    private final Condition writerWork = lock.newCondition();
    private final int capacity;
    private final byte[] types;
    private final String[] keys;
    private final byte[][] payloads;
    private int head;
    /** Written under the lock; volatile so that {@link #hasRoom()} and the stats can read it without the lock. */
    private volatile int queued;
    private volatile long appended;
    private volatile boolean closing;
    private boolean cleanupRequested;
    /** Whether a queued record wants a sync now (not only records that travel with what follows). Under the lock. */
    private boolean urgent;
    /** Whether the writer waits on {@link #writerWork}. Under the lock. */
    private boolean writerWaiting;

    /**
     * What the writer took from the queue in one go: the records in {@code [0, count)} with positions from
     * {@code first}, and whether a cleanup was asked for. Owned by the writer thread, reused for every batch.
     */
    static final class Taken {
        final byte[] types;
        final String[] keys;
        final byte[][] payloads;
        int count;
        long first;
        boolean cleanup;

        private Taken(int capacity) {
            types = new byte[capacity];
            keys = new String[capacity];
            payloads = new byte[capacity][];
        }
    }

    /**
     * @param capacity     how many records may wait
     * @param lastPosition the last position recovered; the next record gets the one after it
     * @param dir          the journal's directory, for messages
     * @param failure      checked before each record is accepted
     * @param linger       how long a record that travels with what follows waits for company at most
     */
    WriteQueue(int capacity, long lastPosition, Path dir, JournalFailure failure, Duration linger) {
        this.dir = dir;
        this.lingerNanos = linger.toNanos();
        this.failure = failure;
        this.capacity = capacity;
        this.types = new byte[capacity];
        this.keys = new String[capacity];
        this.payloads = new byte[capacity][];
        this.appended = lastPosition;
    }

    /** @return arrays large enough to take the whole queue, for the writer */
    Taken newTaken() {
        return new Taken(capacity);
    }

    /**
     * Queues a record without blocking.
     *
     * @return the record's position
     * @throws JournalException IO when the journal failed, CLOSED when it is closing, FULL when the queue is full
     */
    long add(byte type, String key, byte[] payload) {
        return add(type, key, payload, true);
    }

    /**
     * Queues a record without blocking.
     *
     * @param urgent whether the record wants a sync now; {@code false}: it travels with what follows it (see above)
     * @return the record's position
     * @throws JournalException IO when the journal failed, CLOSED when it is closing, FULL when the queue is full
     */
    long add(byte type, String key, byte[] payload, boolean urgent) {
        lock.lock();
        try {
            failure.check();
            if (closing) {
                throw new JournalException(JournalException.Reason.CLOSED, "The journal in " + dir + " is closed");
            }
            int count = queued;
            if (count == capacity) {
                throw new JournalException(JournalException.Reason.FULL, "The journal queue is full (" + capacity + " records)");
            }
            int slot = head + count < capacity ? head + count : head + count - capacity;
            types[slot] = type;
            keys[slot] = key;
            payloads[slot] = payload;
            queued = count + 1;
            long position = appended + 1;
            appended = position;
            if (urgent) {
                this.urgent = true;
            }
            // An urgent record wakes a waiting writer; so does the first record of an empty queue, so that the writer
            // starts counting the linger of a record that travels with what follows.
            if (writerWaiting && (urgent || count == 0)) {
                writerWaiting = false;
                writerWork.signal();
            }
            return position;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the queue has room and is not closing (the journal's failure is the caller's to check) */
    boolean hasRoom() {
        return queued < capacity && !closing;
    }

    /** @return the records waiting for the writer now */
    int size() {
        return queued;
    }

    /** @return the last position handed out (or recovered) */
    long appended() {
        return appended;
    }

    /**
     * Someone waits for what is queued: the writer takes it now instead of letting the records that travel with what
     * follows linger.
     */
    void expedite() {
        lock.lock();
        try {
            if (queued > 0 && !urgent) {
                urgent = true;
                if (writerWaiting) {
                    writerWaiting = false;
                    writerWork.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the writer to delete released segments, unless the queue is closing (the writer is then on its way out). */
    void requestCleanup() {
        if (closing) {
            return;
        }
        lock.lock();
        try {
            cleanupRequested = true;
            writerWaiting = false;
            writerWork.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses records from now on and wakes the writer, which drains what is queued and then stops. */
    void close() {
        lock.lock();
        try {
            closing = true;
            writerWaiting = false;
            writerWork.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For the writer: waits until there is work, then moves every queued record into {@code taken} and empties the
     * queue.
     *
     * @return {@code false} when the queue is closing and empty: the writer is done
     */
    boolean drainTo(Taken taken) {
        lock.lock();
        try {
            long lingerEnds = 0;
            while (!closing && !cleanupRequested && !urgent) {
                writerWaiting = true;
                if (queued == 0) {
                    lingerEnds = 0;
                    writerWork.awaitUninterruptibly();
                    continue;
                }
                // Only records that travel with what follows: wait for company, at most until the linger ends.
                long now = System.nanoTime();
                if (lingerEnds == 0) {
                    lingerEnds = now + lingerNanos;
                } else if (now - lingerEnds >= 0) {
                    break;
                }
                try {
                    writerWork.awaitNanos(lingerEnds - now);
                } catch (InterruptedException interrupted) {
                    // The writer thread is never interrupted on purpose; keep the flag and take what is there.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            writerWaiting = false;
            urgent = false;
            int count = queued;
            if (count == 0 && closing) {
                return false;
            }
            taken.count = count;
            taken.first = appended - count + 1;
            take(taken, count);
            taken.cleanup = cleanupRequested;
            cleanupRequested = false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Copies the ring's {@code count} records, oldest first, and clears the references the queue held; under the lock. */
    private void take(Taken taken, int count) {
        int firstPart = Math.min(count, capacity - head);
        System.arraycopy(types, head, taken.types, 0, firstPart);
        System.arraycopy(keys, head, taken.keys, 0, firstPart);
        System.arraycopy(payloads, head, taken.payloads, 0, firstPart);
        Arrays.fill(keys, head, head + firstPart, null);
        Arrays.fill(payloads, head, head + firstPart, null);
        int rest = count - firstPart;
        if (rest > 0) {
            System.arraycopy(types, 0, taken.types, firstPart, rest);
            System.arraycopy(keys, 0, taken.keys, firstPart, rest);
            System.arraycopy(payloads, 0, taken.payloads, firstPart, rest);
            Arrays.fill(keys, 0, rest, null);
            Arrays.fill(payloads, 0, rest, null);
        }
        head = (head + count) % capacity;
        queued = 0;
    }
}
