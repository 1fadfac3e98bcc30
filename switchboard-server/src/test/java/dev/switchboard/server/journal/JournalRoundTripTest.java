package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static dev.switchboard.server.journal.JournalTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.journal.JournalTesting.Model;
import dev.switchboard.server.journal.JournalTesting.Op;

class JournalRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void putsDeletesAndEventsSurviveCloseAndOpenAndPositionsContinue() {
        Model model = new Model();
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            assertThat(journal.recovery().lastPosition()).isZero();
            assertThat(journal.recovery().note()).startsWith("clean");
            model.write(journal, List.of(Op.put("agent1", "Ready"), Op.put("agent2", "NotReady"), Op.event("audit-1"),
                    Op.put("agent1", "AfterCallWork"), Op.delete("agent2"), Op.put("dnd:agent3", "on"), Op.event("audit-2"),
                    Op.put("ünïcode-ключ-\uD83D\uDE00", "v"), Op.delete("never-set")));
            assertThat(journal.durablePosition()).isEqualTo(9).isEqualTo(journal.appendedPosition());
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean");
            assertThat(journal.appendedPosition()).isEqualTo(9);
            model.write(journal, List.of(Op.put("agent2", "Ready"), Op.event("audit-3"), Op.put("empty", "")));
            assertThat(model.last).isEqualTo(12);
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            model.check(journal.recovery());
            assertThat(texts(journal.recovery().state())).containsEntry("agent1", "AfterCallWork").containsEntry("agent2", "Ready")
                    .containsEntry("empty", "").doesNotContainKey("never-set");
            assertThat(texts(journal.recovery().events())).containsExactly("3:audit-1", "7:audit-2", "11:audit-3");
        }
    }

    @Test
    void durableEventsAreHandedOverAfterTheirSyncInPositionOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Journal.Settings settings = Journal.Settings.defaults().withDurableEvents(events -> {
            for (Journal.Event event : events) {
                seen.add(event.position() + ":" + JournalTesting.text(event.payload()));
            }
        });
        try (Journal journal = Journal.open(dir, settings)) {
            long first = journal.event(bytes("a"));
            journal.put("k", bytes("v"));
            long last = journal.event(bytes("b"));
            journal.await(last, WAIT);
            assertThat(first).isEqualTo(1);
            // The callback runs after the waiters are woken, so it may lag the await by a moment.
            await().atMost(WAIT).until(() -> seen.size() == 2);
            assertThat(seen).containsExactly("1:a", "3:b");
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedAndCloseIsIdempotent() {
        Journal journal = Journal.open(dir, Journal.Settings.defaults());
        try {
            assertThatThrownBy(() -> Journal.open(dir, Journal.Settings.defaults())).isInstanceOf(JournalException.class)
                    .extracting(e -> ((JournalException) e).reason()).isEqualTo(JournalException.Reason.IN_USE);
        } finally {
            journal.close();
        }
        journal.close();
        assertThat(journal.hasRoom()).isFalse();
        assertThatThrownBy(() -> journal.put("k", bytes("v"))).isInstanceOf(JournalException.class)
                .extracting(e -> ((JournalException) e).reason()).isEqualTo(JournalException.Reason.CLOSED);
        Journal.open(dir, Journal.Settings.defaults()).close();
    }

    @Test
    void closeWritesWhatIsQueuedBeforeItReturns() {
        Model model = new Model();
        Journal journal = Journal.open(dir, Journal.Settings.defaults());
        for (int i = 0; i < 1000; i++) {
            Op op = i % 10 == 0 ? Op.event("e" + i) : Op.put("k" + (i % 37), "v" + i);
            model.apply(op.apply(journal), op);
        }
        journal.close();
        assertThat(journal.durablePosition()).isEqualTo(1000);
        try (Journal reopened = Journal.open(dir, Journal.Settings.defaults())) {
            model.check(reopened.recovery());
        }
    }
}
