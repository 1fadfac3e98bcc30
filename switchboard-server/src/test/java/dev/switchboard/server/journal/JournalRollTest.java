package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.WAIT;
import static dev.switchboard.server.journal.JournalTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.journal.JournalTesting.Model;
import dev.switchboard.server.journal.JournalTesting.Op;

/** Rolls with 4 KiB segments: snapshots carry the state, old segments go only once their events are released. */
class JournalRollTest {
    private static final long SEGMENT = 4 << 10;
    private static final Journal.Settings SETTINGS = Journal.Settings.defaults().withSegmentBytes(SEGMENT);

    @TempDir
    Path dir;

    @Test
    void stateSurvivesManyRollsAndSegmentsWithoutEventsGoAtOnce() throws IOException {
        Random random = new Random(42);
        Model model = new Model();
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            for (int round = 0; round < 40; round++) {
                List<Op> ops = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String key = "agent-" + random.nextInt(25);
                    String value = "r" + round + "-" + i + "-" + "x".repeat(random.nextInt(50));
                    ops.add(random.nextInt(10) == 0 ? Op.delete(key) : Op.put(key, value));
                }
                model.write(journal, ops);
            }
            assertThat(journal.stats().rolls()).as("rolls").isGreaterThanOrEqualTo(10);
            await().atMost(WAIT).until(() -> JournalTesting.segments(dir).size() == 1);
            assertThat(journal.stats().deletedSegments()).isEqualTo(journal.stats().rolls());
        }
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean: 1 segment(s)");
            model.write(journal, List.of(Op.put("agent-0", "after-reopen"), Op.delete("agent-1")));
        }
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            model.check(journal.recovery());
        }
    }

    @Test
    void segmentsWithEventsStayUntilReleasedAndUnreleasedEventsAreRecovered() throws IOException {
        Model model = new Model();
        List<Long> eventPositions = new ArrayList<>();
        long rolls;
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            for (int chunk = 0; chunk < 30; chunk++) {
                List<Op> ops = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = chunk * 20 + i;
                    ops.add(n % 10 == 0 ? Op.event("audit-" + n + "-" + "e".repeat(30))
                            : Op.put("agent-" + n % 20, "s-" + n + "-" + "v".repeat(30)));
                }
                long first = model.last + 1;
                model.write(journal, ops);
                for (int i = 0; i < ops.size(); i++) {
                    if (ops.get(i).kind() == 'E') {
                        eventPositions.add(first + i);
                    }
                }
            }
            rolls = journal.stats().rolls();
            assertThat(rolls).isGreaterThan(5);
            assertThat(journal.stats().deletedSegments()).isZero();
            assertThat(JournalTesting.segments(dir)).hasSize((int) rolls + 1);

            long middle = eventPositions.get(eventPositions.size() / 2);
            journal.release(middle);
            await().atMost(WAIT).until(() -> journal.stats().deletedSegments() > 0);
            assertThat(JournalTesting.segments(dir)).hasSizeLessThan((int) rolls + 1).hasSizeGreaterThan(1);
        }
        long middle = eventPositions.get(eventPositions.size() / 2);
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            Journal.Recovery recovery = journal.recovery();
            assertThat(JournalTesting.texts(recovery.state())).isEqualTo(model.state);
            List<String> events = JournalTesting.texts(recovery.events());
            assertThat(model.events).endsWith(events.toArray(String[]::new));
            List<String> unreleased = model.events.stream().filter(event -> Long.parseLong(event.split(":")[0]) > middle).toList();
            assertThat(events).as("every unreleased event is still there").containsSubsequence(unreleased);
            assertThat(events.size()).as("released segments were deleted").isLessThan(model.events.size());

            journal.release(journal.appendedPosition());
            await().atMost(WAIT).until(() -> JournalTesting.segments(dir).size() == 1);
            assertThat(journal.stats().segments()).isEqualTo(1);
        }
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            assertThat(JournalTesting.texts(journal.recovery().state())).isEqualTo(model.state);
            assertThat(model.events).endsWith(JournalTesting.texts(journal.recovery().events()).toArray(String[]::new));
            assertThat(journal.recovery().lastPosition()).isEqualTo(model.last);
        }
    }

    @Test
    void aRollTakesThePreallocatedSpareWhenItIsReady() throws IOException {
        Journal.Settings settings = Journal.Settings.defaults().withSegmentBytes(64 << 10);
        Model model = new Model();
        try (Journal journal = Journal.open(dir, settings)) {
            await().atMost(WAIT).until(journal::spareReady);
            assertThat(Files.size(dir.resolve(Journal.SPARE_FILE))).isEqualTo(64 << 10);
            int i = 0;
            while (journal.stats().rolls() == 0) {
                model.write(journal, List.of(Op.put("k" + i % 7, "value-" + i + "-" + "x".repeat(200)), Op.event("e" + i)));
                i++;
            }
            assertThat(journal.spareRolls()).isEqualTo(1);
            Path rolled = dir.resolve(RecordFormat.segmentName(model.last - 1));
            assertThat(JournalTesting.segments(dir)).last().isIn(rolled, dir.resolve(RecordFormat.segmentName(model.last)));
            assertThat(Files.size(JournalTesting.segments(dir).get(1))).isEqualTo(64 << 10);
            // The next spare is made again in the background.
            await().atMost(WAIT).until(journal::spareReady);
            model.write(journal, List.of(Op.put("after", "the roll")));
        }
        try (Journal journal = Journal.open(dir, settings)) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean: 2 segment(s)");
        }
    }

    @Test
    void aSegmentWhoseSnapshotHasABeginButNoEndIsDiscarded() throws IOException {
        Model model = new Model();
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            for (int i = 0; i < 200; i++) {
                model.write(journal, List.of(i % 9 == 0 ? Op.event("e" + i) : Op.put("k" + i % 13, "value-" + i)));
            }
        }
        List<Path> before = JournalTesting.segments(dir);
        long last = model.last;
        // What a crash in the middle of a roll leaves: the new segment, preallocated, with the start of its snapshot.
        Path partial = dir.resolve(RecordFormat.segmentName(last + 1));
        byte[] content = new byte[(int) SEGMENT];
        byte[] start = JournalTesting.encode(buffer -> {
            buffer.snapshotMark(last, RecordFormat.SNAPSHOT_BEGIN, 3);
            buffer.put(last, "k1", bytes("from-the-roll"));
            buffer.put(last, "k2", bytes("from-the-roll"));
        });
        System.arraycopy(start, 0, content, 0, start.length);
        Files.write(partial, content);

        try (Journal journal = Journal.open(dir, SETTINGS)) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).contains("discarded [" + partial.getFileName() + "]")
                    .contains("no complete snapshot");
            assertThat(JournalTesting.segments(dir)).isEqualTo(before);
            for (int i = 0; i < 100; i++) {
                model.write(journal, List.of(Op.put("k" + i % 13, "later-" + i)));
            }
            assertThat(journal.stats().rolls()).isPositive();
        }
        try (Journal journal = Journal.open(dir, SETTINGS)) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean");
        }
    }

    @Test
    void batchesLargerThanASegmentGrowItOrGetALargerOne() throws Exception {
        AtomicBoolean holdNext = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        Journal.Settings settings = SETTINGS.withDurableEvents(events -> {
            if (holdNext.getAndSet(false)) {
                held.countDown();
                try {
                    proceed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Model model = new Model();
        try (Journal journal = Journal.open(dir, settings)) {
            // The first segment holds only its snapshot: a new one would have its name, so it grows in place.
            model.write(journal, List.of(Op.put("big-1", "x".repeat(10_000))));
            assertThat(journal.stats().rolls()).isZero();
            assertThat(Files.size(JournalTesting.segments(dir).get(0))).isGreaterThan(10_000);

            // Later, a record larger than a segment rolls into a segment sized for it.
            model.write(journal, List.of(Op.put("big-2", "y".repeat(20_000))));
            assertThat(journal.stats().rolls()).isEqualTo(1);
            model.write(journal, List.of(Op.event("z".repeat(9_000))));

            // Many small records queued while the writer is held become one batch, larger than a segment.
            holdNext.set(true);
            Op marker = Op.event("hold");
            model.apply(marker.apply(journal), marker);
            assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            long batches = journal.stats().batches();
            long rolls = journal.stats().rolls();
            for (int i = 0; i < 300; i++) {
                Op op = Op.put("small-" + i % 50, i + "-" + "s".repeat(100));
                model.apply(op.apply(journal), op);
            }
            proceed.countDown();
            journal.awaitAll(WAIT);
            assertThat(journal.stats().batches()).as("one batch").isEqualTo(batches + 1);
            assertThat(journal.stats().rolls()).isEqualTo(rolls + 1);
        }
        try (Journal journal = Journal.open(dir, settings)) {
            model.check(journal.recovery());
        }
    }
}
