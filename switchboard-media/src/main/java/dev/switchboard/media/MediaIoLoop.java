package dev.switchboard.media;

import dev.switchboard.media.record.CallRecorder;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one I/O thread, the consumer of both hand-offs from the tickers: it calls the {@link MediaListener}
 * with the events the tickers posted (one ring per ticker, so each ring keeps a single producer), and writes every
 * recording's ring to its file. It wakes when a ticker posts events, when a recording stops, and every 100 ms
 * otherwise; so a slow disk or a slow listener delays only this thread.
 */
final class MediaIoLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaIoLoop.class);
    private static final long PERIOD_NANOS = 100_000_000L;

    private final EventRing[] events;
    private final MediaListener listener;
    private final CopyOnWriteArrayList<CallRecorder> recorders = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    MediaIoLoop(EventRing[] events, MediaListener listener) {
        this.events = events;
        this.listener = listener;
    }

    void register(CallRecorder recorder) {
        recorders.add(recorder);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            runOnce();
            LockSupport.parkNanos(this, PERIOD_NANOS);
        }
        for (CallRecorder recorder : recorders) {
            recorder.stop();
        }
        runOnce();
    }

    private void runOnce() {
        for (EventRing ring : events) {
            try {
                ring.drainTo(listener);
            } catch (RuntimeException e) {
                LOG.warn("Media listener failed", e);
            }
        }
        for (CallRecorder recorder : recorders) {
            if (recorder.drain()) {
                recorders.remove(recorder);
                recorder.closedFuture().exceptionally(failure -> {
                    LOG.warn("Recording {} failed", recorder.path(), failure);
                    return null;
                });
            }
        }
    }
}
