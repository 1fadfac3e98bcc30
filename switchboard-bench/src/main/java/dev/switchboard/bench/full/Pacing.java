package dev.switchboard.bench.full;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/** Sending at a rate: the paced senders of the run (customers' calls, the loaded baseline's POSTs) share it. */
final class Pacing {

    private Pacing() {
    }

    /**
     * Runs {@code each} {@code rate} times a second (read at every 10 ms tick, so it may change) on the workers, until the
     * returned future is cancelled. Fractions carry over from tick to tick.
     */
    static ScheduledFuture<?> atRate(ScheduledExecutorService workers, DoubleSupplier rate, Runnable each) {
        double[] credit = {0};
        long[] lastTick = {System.nanoTime()};
        return workers.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            credit[0] += rate.getAsDouble() * (now - lastTick[0]) / 1e9;
            lastTick[0] = now;
            while (credit[0] >= 1) {
                credit[0] -= 1;
                each.run();
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }
}
