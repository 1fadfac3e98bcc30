package dev.switchboard.bench.full;

import java.util.concurrent.TimeUnit;

/**
 * A thread that runs one round of timed operations after another, beside the load, until {@link #stop}. A round that
 * fails ends the loop (logged, and counted in {@link #failures}); the run goes on with what was recorded.
 */
final class ProbeLoop {
    /** One round; {@code round} counts from 0. */
    interface Round {
        void run(long round) throws Exception;
    }

    /** A loop that never ran. */
    static final ProbeLoop NONE = new ProbeLoop(null);

    private final Thread thread;
    private volatile boolean stopping;
    private volatile int failures;

    private ProbeLoop(Thread thread) {
        this.thread = thread;
    }

    static ProbeLoop start(String name, BenchRun.PrintStreamLog log, Round body) {
        ProbeLoop[] loop = new ProbeLoop[1];
        Thread thread = new Thread(() -> {
            for (long round = 0; !loop[0].stopping; round++) {
                try {
                    body.run(round);
                } catch (InterruptedException interrupted) {
                    return;
                } catch (Exception failed) {
                    loop[0].failures++;
                    log.line(name + " stopped: " + failed);
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        loop[0] = new ProbeLoop(thread);
        thread.start();
        return loop[0];
    }

    /** Ends the loop after its current round, waiting for it a bounded time. */
    void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(2 * DeskState.WAIT_SECONDS));
        }
    }

    int failures() {
        return failures;
    }
}
