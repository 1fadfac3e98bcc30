package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals and failures, made deterministic by holding the writer thread inside the durable-events callback (which
 * a real owner must never block) while the test arranges the queue or the files.
 */
class JournalFailureTest {
    @TempDir
    Path dir;

    private final AtomicBoolean holdNext = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch proceed = new CountDownLatch(1);
    private final List<Thread> waiters = new ArrayList<>();

    @AfterEach
    void letGo() throws InterruptedException {
        proceed.countDown();
        for (Thread waiter : waiters) {
            waiter.join(WAIT.toMillis());
        }
    }

    private Journal.Settings holding(Journal.Settings settings) {
        return settings.withDurableEvents(events -> {
            if (holdNext.getAndSet(false)) {
                held.countDown();
                try {
                    proceed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    /** Queues an event and returns once the writer is held in the callback for it. */
    private void holdWriter(Journal journal) throws InterruptedException {
        holdNext.set(true);
        journal.event(bytes("hold"));
        assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("writer held").isTrue();
    }

    @Test
    void aFullQueueRefusesAndAwaitTimesOut() throws InterruptedException {
        try (Journal journal = Journal.open(dir, holding(Journal.Settings.defaults().withQueueCapacity(4)))) {
            holdWriter(journal);
            long last = 0;
            for (int i = 0; i < 4; i++) {
                assertThat(journal.hasRoom()).isTrue();
                last = journal.put("k" + i, bytes("v" + i));
            }
            assertThat(journal.hasRoom()).isFalse();
            assertThatThrownBy(() -> journal.put("k", bytes("v"))).isInstanceOf(JournalException.class)
                    .hasMessageContaining("full").extracting(e -> ((JournalException) e).reason()).isEqualTo(JournalException.Reason.FULL);
            assertThatThrownBy(() -> journal.event(bytes("e"))).isInstanceOf(JournalException.class);
            long position = last;
            long began = System.nanoTime();
            assertThatThrownBy(() -> journal.await(position, Duration.ofMillis(100))).isInstanceOf(JournalException.class)
                    .extracting(e -> ((JournalException) e).reason()).isEqualTo(JournalException.Reason.TIMEOUT);
            assertThat(System.nanoTime() - began).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            assertThatThrownBy(() -> journal.await(position + 1, WAIT)).isInstanceOf(IllegalArgumentException.class);

            proceed.countDown();
            journal.awaitAll(WAIT);
            assertThat(journal.durablePosition()).isEqualTo(position);
            assertThat(journal.hasRoom()).isTrue();
        }
    }

    @Test
    void whenDurableCompletesOnlyOnceASyncCoversThePosition() throws Exception {
        try (Journal journal = Journal.open(dir, holding(Journal.Settings.defaults()))) {
            long first = journal.put("first", bytes("v"));
            journal.await(first, WAIT);
            assertThat(journal.whenDurable(first)).as("durable already").isDone();
            holdWriter(journal);
            long queued = journal.put("second", bytes("v"));
            CompletableFuture<Void> onDisk = journal.whenDurable(queued);
            CompletableFuture<Void> again = journal.whenDurable(queued);

            assertThat(onDisk).as("the writer is held before the sync that covers it").isNotDone();
            proceed.countDown();

            onDisk.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            again.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(journal.durablePosition()).isGreaterThanOrEqualTo(queued);
        }
    }

    @Test
    void whenDurableFailsWithTheWriteFailure() throws Exception {
        Journal journal = Journal.open(dir, holding(Journal.Settings.defaults()));
        try {
            holdWriter(journal);
            CompletableFuture<Void> onDisk = journal.whenDurable(journal.put("k", bytes("v")));
            journal.activeChannel().close();
            proceed.countDown();

            assertThat(onDisk).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(JournalException.class)
                    .extracting(e -> ((JournalException) e).reason()).isEqualTo(JournalException.Reason.IO);
            assertThat(journal.whenDurable(journal.appendedPosition())).as("after the failure, at once").isCompletedExceptionally();
        } finally {
            journal.close();
        }
    }

    @Test
    void aWriteFailureFailsEveryWaiterAndEveryLaterCall() throws Exception {
        Journal journal = Journal.open(dir, holding(Journal.Settings.defaults()));
        try {
            journal.put("before", bytes("durable"));
            journal.awaitAll(WAIT);
            holdWriter(journal);
            long durable = journal.durablePosition();
            List<CompletableFuture<Throwable>> outcomes = waitFor(journal, 3);
            // The writer is held, so closing its channel now makes its next write fail, deterministically.
            journal.activeChannel().close();
            proceed.countDown();

            assertFailed(outcomes, ClosedChannelException.class);
            assertThat(journal.durablePosition()).isEqualTo(durable);
            assertThat(journal.failure()).isPresent();
            assertThat(journal.hasRoom()).isFalse();
            assertRefused(() -> journal.put("k", bytes("v")), ClosedChannelException.class);
            assertRefused(() -> journal.event(bytes("e")), ClosedChannelException.class);
            assertRefused(() -> journal.awaitAll(WAIT), ClosedChannelException.class);
            assertRefused(() -> journal.release(1), ClosedChannelException.class);
            journal.await(durable, WAIT);
        } finally {
            journal.close();
        }
        try (Journal reopened = Journal.open(dir, Journal.Settings.defaults())) {
            assertThat(JournalTesting.texts(reopened.recovery().state())).containsEntry("before", "durable").doesNotContainKey("k0");
            assertThat(reopened.recovery().lastPosition()).isEqualTo(2);
        }
    }

    @Test
    void aFailedRollFailsEveryWaiter() throws Exception {
        Journal journal = Journal.open(dir, holding(Journal.Settings.defaults().withSegmentBytes(4 << 10)));
        try {
            for (int i = 0; i < 3; i++) {
                journal.put("k" + i, bytes("v".repeat(1000)));
            }
            journal.awaitAll(WAIT);
            // The spare segment's maker must be done, or it could create its file again in the directory emptied below.
            await().atMost(WAIT).until(journal::spareReady);
            holdWriter(journal);
            List<CompletableFuture<Throwable>> outcomes = waitFor(journal, 5);
            // The queued batch cannot fit the segment: the writer must roll, and the directory is gone.
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
            proceed.countDown();
            assertFailed(outcomes, NoSuchFileException.class);
            assertRefused(() -> journal.put("k", bytes("v")), NoSuchFileException.class);
        } finally {
            journal.close();
            Files.createDirectories(dir);
        }
    }

    /** Queues {@code count} puts of 1000 bytes and starts a thread waiting for each; returns once all are waiting. */
    private List<CompletableFuture<Throwable>> waitFor(Journal journal, int count) {
        List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = journal.put("k" + i, bytes("w".repeat(1000)));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    journal.await(position, WAIT);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "waiter-" + i);
            waiter.start();
            waiters.add(waiter);
            outcomes.add(outcome);
        }
        await().atMost(WAIT).until(() -> waiters.stream().allMatch(waiter -> waiter.getState() == Thread.State.TIMED_WAITING));
        return outcomes;
    }

    private static void assertFailed(List<CompletableFuture<Throwable>> outcomes, Class<? extends IOException> cause) throws Exception {
        for (CompletableFuture<Throwable> outcome : outcomes) {
            Throwable thrown = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(thrown).isInstanceOf(JournalException.class).hasMessageContaining(cause.getSimpleName()).hasCauseInstanceOf(cause);
            assertThat(((JournalException) thrown).reason()).isEqualTo(JournalException.Reason.IO);
        }
    }

    private static void assertRefused(Runnable call, Class<? extends IOException> cause) {
        assertThatThrownBy(call::run).isInstanceOf(JournalException.class).hasMessageContaining(cause.getSimpleName())
                .hasCauseInstanceOf(cause);
    }
}
