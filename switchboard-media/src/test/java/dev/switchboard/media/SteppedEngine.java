package dev.switchboard.media;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

/** An engine on a fake clock, moved one 20 ms tick at a time: {@link #step()} returns after the tick ran. */
final class SteppedEngine implements AutoCloseable {

    final FakeClock clock = new FakeClock();
    final MediaEngine engine;

    SteppedEngine(MediaConfig config, MediaListener listener) throws IOException {
        engine = new MediaEngine(config, listener, clock, task -> {
            Thread thread = new Thread(task, "test-media");
            thread.setDaemon(true);
            return thread;
        });
        engine.start();
    }

    /** Advances 20 ms and waits for the ticker to run that tick. */
    void step() {
        long before = engine.tickStats().ticks();
        clock.advanceMillis(20);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> engine.tickStats().ticks() > before);
    }

    @Override
    public void close() {
        engine.close();
    }
}
