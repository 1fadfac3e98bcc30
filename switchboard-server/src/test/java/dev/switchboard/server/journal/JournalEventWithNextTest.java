package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event queued with {@link Journal#eventWithNext} starts no sync of its own: it goes to disk with the record queued
 * after it, when someone waits for it, or when its linger ends. A monitoring request's audit entry is queued so, just
 * before the switch's change: one sync covers both.
 */
class JournalEventWithNextTest {
    /** Long enough that only the record after it or a waiter can take it to disk within a test. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void goesToDiskWithTheRecordAfterItInOneSync() throws Exception {
        List<Long> batches = new CopyOnWriteArrayList<>();
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withLinger(NEVER)
                .withDurableEvents(events -> batches.add((long) events.size())))) {
            long syncsBefore = journal.stats().syncs();
            long request = journal.eventWithNext(bytes("REQUEST"));
            long change = journal.put("device/7001", bytes("monitoring"));
            journal.await(change, WAIT);

            assertThat(journal.durablePosition()).isGreaterThanOrEqualTo(request).isGreaterThanOrEqualTo(change);
            assertThat(journal.stats().syncs() - syncsBefore).as("one sync for the request and its change").isEqualTo(1);
            assertThat(batches).containsExactly(1L);
        }
    }

    @Test
    void aWaiterTakesItToDiskWithoutTheLinger() throws Exception {
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withLinger(NEVER))) {
            long denial = journal.eventWithNext(bytes("DENIAL"));

            journal.await(denial, WAIT);

            assertThat(journal.durablePosition()).isEqualTo(denial);
        }
    }

    @Test
    void nobodyWaitingItIsOnDiskWhenItsLingerEnds() throws Exception {
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withLinger(Duration.ofMillis(20)))) {
            long join = journal.eventWithNext(bytes("JOIN"));

            await().atMost(WAIT).until(() -> journal.durablePosition() >= join);
        }
        try (Journal reopened = Journal.open(dir, Journal.Settings.defaults())) {
            assertThat(reopened.recovery().events()).hasSize(1);
        }
    }

    @Test
    void anEventAfterItIsUrgentToo() throws Exception {
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withLinger(NEVER))) {
            journal.eventWithNext(bytes("REQUEST"));
            long join = journal.event(bytes("JOIN"));

            await().atMost(WAIT).until(() -> journal.durablePosition() >= join);
        }
    }
}
