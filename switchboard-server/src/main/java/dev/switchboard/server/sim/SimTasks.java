package dev.switchboard.server.sim;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.telephony.Switch;

/** Small helpers the simulator's parts share: scheduling that never throws into the caller, and finding a call. */
final class SimTasks {
    private static final Logger LOG = LoggerFactory.getLogger(SimTasks.class);

    private SimTasks() {
    }

    /**
     * Runs {@code task} after {@code delay}. A failing task is logged, because a scheduler would otherwise keep the
     * exception in a future nobody reads. Answers {@code null} when the scheduler was shut down (the server is
     * stopping, so there is nothing left to simulate).
     */
    static ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration delay, String what, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException failure) {
                LOG.warn("Simulator task '{}' failed", what, failure);
            }
        };
        try {
            return scheduler.schedule(guarded, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Simulator task '{}' not scheduled: the scheduler is shut down", what);
            return null;
        }
    }

    /** Cancels a task if there is one; a task already running is left to finish. */
    static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** The switch that has (or recently had) the call with this id, on any voice environment. */
    static Optional<Switch> switchOf(ContactCenter contactCenter, String callId) {
        for (Switch candidate : contactCenter.switches()) {
            if (candidate.call(callId).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
