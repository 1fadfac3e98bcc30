package dev.switchboard.server.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The last position on disk, and the callers waiting for it: the writer publishes each sync's last position here and
 * wakes every waiter, so that each one returns as soon as the sync that covers its record is done; and completes the
 * futures handed out by {@link #whenDurable} that the sync covers. Thread-safe.
 */
final class DurablePosition {
    private final Path dir;
    private final JournalFailure failure;
    /** The records waiting for the writer, for the timeout message only. */
    private final IntSupplier queued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long durable;
    private volatile boolean stopped;
    /** The futures of {@link #whenDurable} not yet covered, lowest position first. Under the lock. */
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();

    private record Pending(long position, CompletableFuture<Void> future) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            return Long.compare(position, other.position);
        }
    }

    /**
     * @param dir          the journal's directory, for messages
     * @param lastPosition the last position recovered, durable already
     * @param failure      waiters give up when the journal fails
     * @param queued       the queue's size, for the timeout message
     */
    DurablePosition(Path dir, long lastPosition, JournalFailure failure, IntSupplier queued) {
        this.dir = dir;
        this.durable = lastPosition;
        this.failure = failure;
        this.queued = queued;
    }

    /** @return the last position known to be on disk */
    long get() {
        return durable;
    }

    /** For the writer: everything up to {@code position} is on disk now. */
    void publish(long position) {
        durable = position;
        wakeWaiters();
    }

    /** For the writer, when it leaves its loop: nothing more becomes durable, so waiters stop waiting. */
    void stop() {
        stopped = true;
        wakeWaiters();
    }

    /**
     * Wakes every waiter to look again: at the position, the failure or the stop. The futures the position covers
     * complete, and after a failure or a stop the others fail; outside the lock, since completing one may run its
     * caller's continuation.
     */
    void wakeWaiters() {
        List<Pending> settled = null;
        JournalException failed;
        lock.lock();
        try {
            changed.signalAll();
            long now = durable;
            while (!pending.isEmpty() && pending.peek().position() <= now) {
                settled = add(settled, pending.poll());
            }
            failed = ending();
            while (failed != null && !pending.isEmpty()) {
                settled = add(settled, pending.poll());
            }
        } finally {
            lock.unlock();
        }
        if (settled != null) {
            for (Pending each : settled) {
                if (each.position() <= durable) {
                    each.future().complete(null);
                } else {
                    each.future().completeExceptionally(failed);
                }
            }
        }
    }

    private static List<Pending> add(List<Pending> list, Pending each) {
        List<Pending> to = list == null ? new ArrayList<>(2) : list;
        to.add(each);
        return to;
    }

    /** Why nothing more will become durable, or {@code null} while the journal runs. */
    private JournalException ending() {
        JournalException failed = failure.get();
        if (failed != null) {
            return JournalFailure.refused(failed);
        }
        return stopped ? new JournalException(JournalException.Reason.CLOSED, "The journal in " + dir + " closed first") : null;
    }

    /**
     * A future completed once every record up to {@code position} is on disk (at once when it already is), or failed
     * with the journal's failure (IO) or its close (CLOSED) when that comes first; the caller has checked that the
     * position was handed out. Never blocks on the disk: for a thread that must not wait.
     */
    CompletableFuture<Void> whenDurable(long position) {
        if (position <= durable) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        JournalException failed;
        lock.lock();
        try {
            // Read again under the lock: a sync published meanwhile either shows here or settles this future later.
            if (position <= durable) {
                return CompletableFuture.completedFuture(null);
            }
            failed = ending();
            if (failed == null) {
                pending.add(new Pending(position, future));
                return future;
            }
        } finally {
            lock.unlock();
        }
        future.completeExceptionally(failed);
        return future;
    }

    /**
     * Waits until every record up to {@code position} is on disk; the caller has checked that the position was
     * handed out. A record that is durable counts as such even after a failure or a stop.
     *
     * @throws JournalException IO (failed first), CLOSED (the writer stopped first), TIMEOUT, INTERRUPTED
     */
    void await(long position, Duration timeout) throws JournalException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (durable < position) {
                JournalException failed = failure.get();
                if (failed != null) {
                    throw JournalFailure.refused(failed);
                }
                if (stopped) {
                    throw new JournalException(JournalException.Reason.CLOSED, "The journal in " + dir + " closed before position "
                            + position + " was durable");
                }
                if (nanos <= 0) {
                    throw new JournalException(JournalException.Reason.TIMEOUT, "Position " + position + " not durable after "
                            + timeout.toMillis() + " ms (durable: " + durable + ", queued: " + queued.getAsInt() + ")");
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JournalException(JournalException.Reason.INTERRUPTED, "Interrupted waiting for position " + position,
                    interrupted);
        } finally {
            lock.unlock();
        }
    }
}
