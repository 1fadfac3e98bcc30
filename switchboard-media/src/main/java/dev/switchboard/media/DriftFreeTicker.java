package dev.switchboard.media;

import java.util.concurrent.locks.LockSupport;

/**
 * One ticker's loop: tick k runs at {@code first + k × 20 ms} on the engine's clock, so wake-up error never
 * accumulates (each deadline comes from the origin, not from the previous wake-up). A tick late by less than 5
 * frames runs at once (the next ones catch up back to back); beyond that the missed ticks are skipped and counted,
 * rather than sending a burst of stale audio. On the system clock it parks until the deadline; on any other clock at
 * most 2 ms at a time, so that it follows a clock that tests move by hand.
 */
final class DriftFreeTicker implements Runnable {

    static final long PERIOD_NANOS = 20_000_000L;
    private static final long LATE_NANOS = PERIOD_NANOS / 2;
    private static final long MAX_CATCH_UP_TICKS = 5;
    private static final long MAX_PARK_NANOS = 2_000_000L;

    private final String name;
    private final MediaClock clock;
    private final long maxParkNanos;
    private final EngineTick tick;
    private final TickRecorder recorder;
    private final Runnable wakeIo;
    private volatile boolean running = true;
    /** The deadline of the first tick, set by {@link #startAt} before the thread starts. */
    private volatile long firstDeadline;

    DriftFreeTicker(String name, MediaClock clock, EngineTick tick, TickRecorder recorder, Runnable wakeIo) {
        this.name = name;
        this.clock = clock;
        this.maxParkNanos = clock == MediaClock.SYSTEM ? PERIOD_NANOS : MAX_PARK_NANOS;
        this.tick = tick;
        this.recorder = recorder;
        this.wakeIo = wakeIo;
    }

    /** The thread name the default factory gives it ({@code media-ticker-0}, ...). */
    String name() {
        return name;
    }

    /** Fixes the first deadline on the starting thread, so ticks are counted from the moment of {@code start()}. */
    void startAt(long deadline) {
        firstDeadline = deadline;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long deadline = firstDeadline;
        while (running) {
            long now = clock.nanoTime();
            long wait = deadline - now;
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, maxParkNanos));
                continue;
            }
            long behind = -wait / PERIOD_NANOS;
            if (behind >= MAX_CATCH_UP_TICKS) {
                recorder.skipped(behind);
                deadline += behind * PERIOD_NANOS;
            }
            boolean late = now - deadline > LATE_NANOS;
            long cpuStart = recorder.cpuNow();
            if (tick.run(now)) {
                wakeIo.run();
            }
            recorder.record(clock.nanoTime() - now, recorder.cpuNow() - cpuStart, late);
            deadline += PERIOD_NANOS;
        }
    }
}
