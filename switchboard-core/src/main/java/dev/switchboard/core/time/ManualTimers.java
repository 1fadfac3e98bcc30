package dev.switchboard.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Fake time for tests: a clock that only moves when {@link #advance(Duration)} is called, and timers that run,
 * in due order, on the owner's executor as time passes them. Safe to call from any thread.
 */
public final class ManualTimers implements Timers {
    private final PriorityQueue<Entry> due = new PriorityQueue<>();
    private final ManualClock clock;
    private Executor owner = Runnable::run;
    private long sequence;

    public ManualTimers(Instant start) {
        this.clock = new ManualClock(start);
    }

    /** Sets the executor timers run on (the switch's); by default they run on the thread that advances time. */
    public synchronized void runOn(Executor owner) {
        this.owner = owner;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(clock.instant().plus(delay), sequence++, task);
        due.add(entry);
        return () -> {
            synchronized (ManualTimers.this) {
                due.remove(entry);
            }
        };
    }

    /** How many timers are waiting. */
    public synchronized int pending() {
        return due.size();
    }

    /**
     * Moves time forward by {@code duration}, running every timer that falls due, each at its own time, and waits
     * until each has run on the owner's executor.
     */
    public void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = clock.instant().plus(duration);
        }
        while (true) {
            Entry next;
            Executor executor;
            synchronized (this) {
                next = due.peek();
                if (next == null || next.at.isAfter(target)) {
                    clock.set(target);
                    return;
                }
                due.poll();
                clock.set(next.at);
                executor = owner;
            }
            CompletableFuture<Void> ran = new CompletableFuture<>();
            executor.execute(() -> {
                try {
                    next.task.run();
                    ran.complete(null);
                } catch (Throwable failure) {
                    ran.completeExceptionally(failure);
                }
            });
            ran.orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private record Entry(Instant at, long sequence, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("ManualClock is UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
