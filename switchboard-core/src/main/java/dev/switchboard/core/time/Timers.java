package dev.switchboard.core.time;

import java.time.Duration;

/**
 * Schedules work for later, on the caller's serialized executor. Injected into the switch so that ring timeouts and
 * wrap-up run on fake time in tests ({@link ManualTimers}) and on a scheduler in production ({@link ScheduledTimers}).
 */
public interface Timers {

    /**
     * Runs {@code task} after {@code delay}.
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task; a task that already ran or was cancelled is left alone. */
        void cancel();
    }
}
