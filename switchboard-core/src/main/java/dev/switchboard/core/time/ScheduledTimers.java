package dev.switchboard.core.time;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Real-time timers: a shared scheduler waits, then the task is handed to the owner's serialized executor so that
 * it runs as any other change of the switch. Cancellation is checked again on the executor, which closes the race
 * between a timer firing and the owner cancelling it.
 */
public final class ScheduledTimers implements Timers {
    private final ScheduledExecutorService scheduler;
    private final Executor owner;

    public ScheduledTimers(ScheduledExecutorService scheduler, Executor owner) {
        this.scheduler = scheduler;
        this.owner = owner;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> future = scheduler.schedule(() -> owner.execute(() -> {
            if (!cancelled.get()) {
                task.run();
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            cancelled.set(true);
            future.cancel(false);
        };
    }
}
