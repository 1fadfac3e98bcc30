package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.server.journal.JournalTesting.Model;
import dev.switchboard.server.journal.JournalTesting.Op;

/**
 * Damage the end of the active segment the way a crash or a power loss can, reopen, and check that recovery keeps
 * exactly the intact prefix, and that after more appends and another reopen nothing stale comes back.
 */
class JournalTornTailTest {
    private static final int OPS = 30;

    @TempDir
    Path dir;

    /** A kind of damage to the last records; returns how many operations stay. */
    enum Damage {
        /** The second half of the last record never reached the disk (it reads as zeros). */
        SHORT_WRITE {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                int[] last = records.get((long) OPS);
                int middle = (last[0] + last[1]) / 2;
                JournalTesting.overwrite(segment, middle, new byte[last[1] - middle]);
                return OPS - 1;
            }
        },
        /** One bit of the last record's CRC is wrong. */
        FLIPPED_CRC_BYTE {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                flip(segment, records.get((long) OPS)[0] + 5);
                return OPS - 1;
            }
        },
        /** One bit of the last record's body is wrong. */
        FLIPPED_BODY_BYTE {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                flip(segment, records.get((long) OPS)[1] - 1);
                return OPS - 1;
            }
        },
        /** The last record's length field points beyond the segment. */
        BAD_LENGTH {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                JournalTesting.overwrite(segment, records.get((long) OPS)[0], new byte[] {0x10, 0, 0, 0});
                return OPS - 1;
            }
        },
        /** Non-zero garbage after the last intact record. */
        GARBAGE_AFTER {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                byte[] garbage = new byte[300];
                Arrays.fill(garbage, (byte) 0x5A);
                JournalTesting.overwrite(segment, records.get((long) OPS)[1], garbage);
                return OPS;
            }
        },
        /** The tail was cut, and a stale record with a valid CRC but a later position sits where the next record goes. */
        STALE_RECORD_AHEAD {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                return stale(segment, records, OPS + 7);
            }
        },
        /** The same, with a position that was already used. */
        STALE_RECORD_BEHIND {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                return stale(segment, records, OPS - 5);
            }
        },
        /**
         * A torn batch: the page holding record N-2 never reached the disk, but the records after it did, intact and
         * with the right positions. Recovery ends at the hole; the intact records after it must not come back when new
         * records of the same sizes line up in front of them.
         */
        MISSING_PAGE {
            @Override
            int apply(Path segment, Map<Long, int[]> records) throws IOException {
                int[] hole = records.get((long) OPS - 2);
                JournalTesting.overwrite(segment, hole[0], new byte[hole[1] - hole[0]]);
                return OPS - 3;
            }
        };

        abstract int apply(Path segment, Map<Long, int[]> records) throws IOException;

        private static void flip(Path segment, int offset) throws IOException {
            byte[] content = Files.readAllBytes(segment);
            content[offset] ^= 0x01;
            Files.write(segment, content);
        }

        private static int stale(Path segment, Map<Long, int[]> records, long position) throws IOException {
            int from = records.get((long) OPS - 2)[0];
            int to = records.get((long) OPS)[1];
            JournalTesting.overwrite(segment, from, new byte[to - from]);
            JournalTesting.overwrite(segment, from, JournalTesting.encode(buffer -> buffer.put(position, "k1", bytes("stale"))));
            return OPS - 3;
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void recoveryKeepsExactlyTheIntactPrefixAndNothingStaleComesBack(Damage damage) throws IOException {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < OPS; i++) {
            ops.add(op(i, "value-" + i, "ev-" + i));
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(64 << 10))) {
            new Model().write(journal, ops);
        }
        Path segment = JournalTesting.segments(dir).get(0);
        Map<Long, int[]> records = JournalTesting.dataRecords(segment);
        assertThat(records).hasSize(OPS);

        int kept = damage.apply(segment, records);
        int cutOffset = kept == OPS ? records.get((long) OPS)[1] : records.get((long) kept + 1)[0];

        Model model = new Model();
        for (int i = 0; i < kept; i++) {
            model.apply(i + 1, ops.get(i));
        }
        // A replacement of the first lost operation with a value of the same size, so that the new record ends exactly
        // where the old one did: a stale record left behind it would line up as the next one.
        Op replacement = op(kept, ("value-" + kept).toUpperCase(Locale.ROOT), ("ev-" + kept).toUpperCase(Locale.ROOT));
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(64 << 10))) {
            Journal.Recovery recovery = journal.recovery();
            model.check(recovery);
            if (damage == Damage.MISSING_PAGE) {
                assertThat(recovery.note()).contains("zeroed in " + segment.getFileName() + " from offset " + cutOffset);
            } else {
                assertThat(recovery.note()).contains("torn tail cut at segment " + segment.getFileName() + " offset " + cutOffset);
            }
            byte[] content = Files.readAllBytes(segment);
            assertThat(Arrays.copyOfRange(content, cutOffset, content.length)).as("everything after the cut is zero")
                    .containsOnly(0);
            assertThat(journal.appendedPosition()).isEqualTo(kept);
            model.write(journal, List.of(replacement));
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(64 << 10))) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean");
            model.write(journal, List.of(op(kept + 1, "more-1", "more-1"), op(kept + 2, "more-2", "more-2")));
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(64 << 10))) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).startsWith("clean");
            assertThat(JournalTesting.texts(journal.recovery().state()).values()).noneMatch(value -> value.equals("stale"));
        }
    }

    @Test
    void anOldestSegmentWithoutACompleteSnapshotIsRefusedAndLeftAlone() throws IOException {
        Journal.Settings settings = Journal.Settings.defaults().withSegmentBytes(4 << 10);
        try (Journal journal = Journal.open(dir, settings)) {
            for (int i = 0; i < 200; i++) {
                // One at a time: a first batch larger than the empty first segment would grow it rather than roll.
                journal.await(journal.put("k" + i % 10, bytes("value-" + i + "-" + "x".repeat(40))), JournalTesting.WAIT);
            }
        }
        List<Path> segments = JournalTesting.segments(dir);
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).getFileName().toString()).isNotEqualTo(RecordFormat.segmentName(1));
        // The only copy of the state is that segment's snapshot: starting empty would silently lose it.
        flip(segments.get(0), 20);
        byte[] before = Files.readAllBytes(segments.get(0));
        assertThatThrownBy(() -> Journal.open(dir, settings)).isInstanceOf(JournalException.class)
                .hasMessageContaining("no complete snapshot").extracting(e -> ((JournalException) e).reason())
                .isEqualTo(JournalException.Reason.CORRUPT);
        assertThat(Files.readAllBytes(segments.get(0))).isEqualTo(before);
    }

    @Test
    void aFirstSegmentThatNeverGotItsSnapshotIsStartedAfresh() throws IOException {
        // A crash while the very first segment was being created: open() had not returned, nothing was acknowledged.
        Files.createDirectories(dir);
        Files.write(dir.resolve(RecordFormat.segmentName(1)), new byte[100]);
        Model model = new Model();
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            model.check(journal.recovery());
            assertThat(journal.recovery().note()).contains("discarded");
            model.write(journal, List.of(Op.put("k", "v"), Op.event("e")));
        }
        try (Journal journal = Journal.open(dir, Journal.Settings.defaults())) {
            model.check(journal.recovery());
        }
    }

    private static void flip(Path file, int offset) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[offset] ^= 0x01;
        Files.write(file, content);
    }

    private static Op op(int i, String value, String payload) {
        if (i % 5 == 4) {
            return Op.event(payload);
        }
        if (i % 7 == 6) {
            return Op.delete("k" + i % 4);
        }
        return Op.put("k" + i % 4, value);
    }
}
