package dev.switchboard.core.telephony;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a switch: a single thread that runs every change in submission order. Code that mutates the
 * model asserts it runs here ({@link #assertOnSwitchThread()}), which is what lets the core go without locks.
 */
public final class SwitchExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchExecutor.class);

    private final ExecutorService thread;
    private volatile Thread owner;

    public SwitchExecutor(String name) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "switch-" + name);
            t.setDaemon(true);
            // Every change of the switch, and every request's reply, waits for this thread: where the JVM maps
            // priorities to the OS (Linux with -XX:ThreadPriorityPolicy=1, as root), it is scheduled first.
            t.setPriority(Thread.MAX_PRIORITY);
            owner = t;
            return t;
        });
    }

    @Override
    public void execute(Runnable command) {
        thread.execute(() -> {
            try {
                command.run();
            } catch (RuntimeException failure) {
                // A bug in one change must not kill the switch thread for every later change.
                LOG.error("Switch task failed", failure);
            }
        });
    }

    /** Runs {@code change} on the switch thread and completes with its result. */
    public <T> CompletableFuture<T> submit(Supplier<T> change) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(change.get());
                } catch (Throwable failure) {
                    LOG.error("Switch command failed", failure);
                    result.completeExceptionally(failure);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            result.completeExceptionally(stopped);
        }
        return result;
    }

    public boolean isOnSwitchThread() {
        return Thread.currentThread() == owner;
    }

    /** Fails fast when model code is reached from any thread but the switch's. */
    public void assertOnSwitchThread() {
        if (!isOnSwitchThread()) {
            throw new IllegalStateException("Not on the switch thread: " + Thread.currentThread().getName());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
