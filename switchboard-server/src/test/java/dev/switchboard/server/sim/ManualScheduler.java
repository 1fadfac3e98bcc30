package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.core.time.ManualTimers;
import dev.switchboard.core.time.Timers;

/**
 * A {@link ScheduledExecutorService} on fake time: delayed tasks are {@link ManualTimers} timers, so the simulator
 * and the switch share one clock that moves only when the test advances it. Only the one-shot {@code schedule}
 * methods are supported; the simulator uses nothing else.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ManualTimers timers;
    private volatile boolean shutdown;

    ManualScheduler(ManualTimers timers) {
        this.timers = timers;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        long nanos = unit.toNanos(delay);
        Task<V> task = new Task<>(now() + nanos);
        task.timer = timers.schedule(Duration.ofNanos(nanos), () -> {
            if (task.result.isDone()) {
                return;
            }
            try {
                task.result.complete(callable.call());
            } catch (Exception failure) {
                task.result.completeExceptionally(failure);
            }
        });
        return task;
    }

    private long now() {
        java.time.Instant now = timers.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("The simulator only schedules one-shot tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("The simulator only schedules one-shot tasks");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** A scheduled task: a timer and the future of its result. */
    private final class Task<V> implements ScheduledFuture<V> {
        final CompletableFuture<V> result = new CompletableFuture<>();
        final long dueNanos;
        Timers.Timer timer;

        Task(long dueNanos) {
            this.dueNanos = dueNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            timer.cancel();
            return result.cancel(false);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
