package dev.switchboard.core.event;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-off between a switch and one consumer (the notification publisher, the agent-state recorder):
 * the switch offers without waiting, one consumer thread drains in order. The queue keeps {@link #HEADROOM} free
 * slots so that a command already admitted can always publish all its events; new commands are refused instead
 * (see {@link EventSink#hasRoom()}). Slow consumption is logged with the event age, at most every 10 seconds.
 *
 * <p>A hand-off whose consumer is not in a hurry (records, metrics) can be built with a batch interval: its thread then
 * wakes every interval and drains what came, instead of being woken for each event. On a busy machine that keeps it
 * off the cores while the notification thread and the switch need them, and lets it consume in batches: a
 * {@link BatchingConsumer} is told when each batch has ended (at most {@code BATCH} events; for a hand-off woken by
 * each event, whenever the queue is empty), and once more before the thread stops.
 */
public final class EventHandOff implements EventSink, AutoCloseable {
    /** Free slots kept for the events of commands already running. */
    public static final int HEADROOM = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventHandOff.class);
    private static final Duration SLOW = Duration.ofSeconds(1);
    private static final Object STOP = new Object();
    /** Events taken out of the queue at a time. */
    private static final int BATCH = 64;

    private final BlockingQueue<Object> queue;
    private final Consumer<SwitchEvent> consumer;
    private final Clock clock;
    private final Thread thread;
    private final long batchNanos;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private volatile long lastSlowWarning;

    /** A hand-off whose thread is woken by each event. */
    public EventHandOff(String name, int capacity, Clock clock, Consumer<SwitchEvent> consumer) {
        this(name, capacity, clock, consumer, Duration.ZERO);
    }

    /**
     * A hand-off whose thread wakes every {@code batchInterval} and drains what came ({@link Duration#ZERO}: woken by
     * each event). The capacity must hold what the switch can emit in one interval, headroom aside.
     */
    public EventHandOff(String name, int capacity, Clock clock, Consumer<SwitchEvent> consumer, Duration batchInterval) {
        if (batchInterval.isNegative()) {
            throw new IllegalArgumentException("negative batch interval");
        }
        this.batchNanos = batchInterval.toNanos();
        if (capacity <= HEADROOM) {
            throw new IllegalArgumentException("capacity must exceed " + HEADROOM);
        }
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.consumer = consumer;
        this.clock = clock;
        this.thread = new Thread(this::drain, "events-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void publish(SwitchEvent event) {
        if (!queue.offer(event)) {
            // Unreachable while commands respect hasRoom(); counted so that it shows if it ever happens.
            overflowed.incrementAndGet();
            LOG.error("Event hand-off full, event dropped: {}", event);
        }
    }

    @Override
    public boolean hasRoom() {
        return queue.remainingCapacity() > HEADROOM;
    }

    /** Events waiting to be consumed. */
    public int depth() {
        return queue.size();
    }

    /** Events consumed so far. */
    public long delivered() {
        return delivered.get();
    }

    /** Events that found the queue full (should stay 0). */
    public long overflowed() {
        return overflowed.get();
    }

    private void drain() {
        try {
            if (batchNanos == 0) {
                drainEach();
            } else {
                drainInBatches();
            }
        } catch (InterruptedException interrupted) {
            // stopping
        }
    }

    private void drainEach() throws InterruptedException {
        for (Object next = queue.take(); next != STOP; next = queue.take()) {
            consume((SwitchEvent) next);
            if (queue.isEmpty()) {
                endBatch();
            }
        }
        endBatch();
    }

    private void drainInBatches() throws InterruptedException {
        List<Object> batch = new ArrayList<>(BATCH);
        while (true) {
            // Sleeping, not waiting on the queue: an offer then finds no waiter and wakes no thread.
            TimeUnit.NANOSECONDS.sleep(batchNanos);
            boolean full;
            do {
                // At most BATCH out of the queue at a time, so that its free room still tells how far behind we are.
                queue.drainTo(batch, BATCH);
                for (Object next : batch) {
                    if (next == STOP) {
                        endBatch();
                        return;
                    }
                    consume((SwitchEvent) next);
                }
                if (!batch.isEmpty()) {
                    endBatch();
                }
                full = batch.size() == BATCH;
                batch.clear();
            } while (full);
        }
    }

    private void consume(SwitchEvent event) {
        warnIfSlow(event);
        try {
            consumer.accept(event);
        } catch (RuntimeException | LinkageError | AssertionError failure) {
            // A failing consumer loses this event for itself alone; the thread must live on, or the queue fills
            // and every later command is refused.
            LOG.error("Event consumer failed on {}", event, failure);
        }
        delivered.incrementAndGet();
    }

    /** Tells a {@link BatchingConsumer} that what was drained so far has all been given to it. */
    private void endBatch() {
        if (consumer instanceof BatchingConsumer batching) {
            try {
                batching.batchEnded();
            } catch (RuntimeException | LinkageError | AssertionError failure) {
                LOG.error("Event consumer failed at the end of a batch", failure);
            }
        }
    }

    private void warnIfSlow(SwitchEvent event) {
        // In milliseconds: for every event, a Duration and an Instant were a share of the server's allocation.
        long ageMillis = clock.millis() - event.at().toEpochMilli();
        if (ageMillis > SLOW.toMillis()) {
            long now = System.nanoTime();
            if (now - lastSlowWarning > TimeUnit.SECONDS.toNanos(10)) {
                lastSlowWarning = now;
                LOG.warn("Slow event consumer {}: event age {} ms, queue depth {}", thread.getName(), ageMillis, queue.size());
            }
        }
    }

    /** Delivers what is queued, then stops the consumer thread. */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                LOG.warn("Event hand-off {} still full after 5 s; stopping without draining", thread.getName());
                thread.interrupt();
            }
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
