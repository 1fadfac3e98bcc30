package dev.switchboard.sip.call;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * RFC 4028 session timer of one leg: when we are the refresher, a refresh at half the interval; otherwise an expiry
 * check at the interval minus min(32, interval/3) after the last refresh. Runs on the signalling executor.
 */
final class SessionTimer {

    private final ScheduledExecutorService executor;
    private int intervalSeconds;
    private boolean weRefresh;
    private ScheduledFuture<?> pending;

    SessionTimer(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    boolean isActive() {
        return intervalSeconds > 0;
    }

    int intervalSeconds() {
        return intervalSeconds;
    }

    boolean weRefresh() {
        return weRefresh;
    }

    /** (Re)starts the timer after a successful INVITE/UPDATE exchange. */
    void start(int seconds, boolean refresher, Runnable onRefreshDue, Runnable onExpired) {
        cancel();
        intervalSeconds = seconds;
        weRefresh = refresher;
        long delayMillis = refresher ? seconds * 500L : (seconds - Math.min(32, seconds / 3)) * 1000L;
        pending = executor.schedule(refresher ? onRefreshDue : onExpired, delayMillis, TimeUnit.MILLISECONDS);
    }

    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
