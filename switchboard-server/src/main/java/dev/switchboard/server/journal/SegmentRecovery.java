package dev.switchboard.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery of a journal directory at open: reads the segments, keeps the longest valid prefix, cuts a torn tail and
 * zeroes what follows it. Runs before the writer thread starts, so nothing here is concurrent.
 */
final class SegmentRecovery {
    // The journal's own logger, so that the log reads as it did when all of this was one class.
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private SegmentRecovery() {
    }

    /** What recovery leaves for the writer: the state, the surviving segments (oldest first) and the last position. */
    static final class Recovered {
        final Journal.Recovery recovery;
        final HashMap<String, byte[]> state;
        /** Oldest first; the last one is the active segment. Empty when the directory holds no usable segment. */
        final ArrayDeque<Segment> segments;
        final long lastPosition;

        Recovered(Journal.Recovery recovery, HashMap<String, byte[]> state, ArrayDeque<Segment> segments, long lastPosition) {
            this.recovery = recovery;
            this.state = state;
            this.segments = segments;
            this.lastPosition = lastPosition;
        }
    }

    /**
     * Reads every segment in order and keeps the longest valid prefix of the journal.
     *
     * <p>Each segment must start with a complete snapshot whose base is the last position of the segment before it
     * (or anything, for the oldest one); its records must then carry consecutive positions. The first record that is
     * torn (bad length or CRC, malformed) or out of sequence ends the journal: the rest of that segment is zeroed and
     * forced, so that stale bytes can never follow later appends, and later segments are deleted. A segment whose
     * snapshot is incomplete (a crash during a roll) is deleted with everything after it. The directory is synced
     * after deletions, so that a second crash finds the same files and takes the same decision.
     *
     * @throws JournalException CORRUPT when the oldest segment has no complete snapshot but acknowledged state may
     *                          have been in it (that is, it is not the lone, never-used first segment)
     */
    static Recovered recover(Path dir) throws IOException {
        List<Path> files = JournalFiles.segmentFiles(dir);
        HashMap<String, byte[]> state = new HashMap<>();
        List<Journal.Event> events = new ArrayList<>();
        ArrayDeque<Segment> kept = new ArrayDeque<>();
        List<String> notes = new ArrayList<>();
        long last = -1;
        SegmentReader activeReader = null;
        boolean deleted = false;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = RecordFormat.segmentPosition(file);
            SegmentReader reader = new SegmentReader(Files.readAllBytes(file));
            String snapshotProblem = first - 1 != last && last >= 0
                    ? "its snapshot base " + (first - 1) + " does not follow position " + last : null;
            HashMap<String, byte[]> snapshot = snapshotProblem == null ? readSnapshot(reader, first - 1) : null;
            if (snapshot == null) {
                String why = snapshotProblem != null ? snapshotProblem
                        : "no complete snapshot at its start (" + describe(reader) + ")";
                if (kept.isEmpty() && !(files.size() == 1 && first == 1)) {
                    throw new JournalException(JournalException.Reason.CORRUPT, "Cannot recover the journal in " + dir
                            + ": the oldest segment " + file.getFileName() + " has " + why
                            + "; refusing to start without the state it held");
                }
                List<Path> dropped = files.subList(i, files.size());
                for (Path drop : dropped) {
                    Files.delete(drop);
                }
                deleted = true;
                notes.add("discarded " + names(dropped) + ": " + file.getFileName() + " has " + why);
                break;
            }
            state = snapshot;
            last = first - 1;
            Segment segment = new Segment(first, file, reader.size());
            String cut = null;
            while (cut == null) {
                SegmentReader.Status status = reader.next();
                if (status == SegmentReader.Status.END) {
                    break;
                }
                if (status == SegmentReader.Status.TORN) {
                    cut = reader.problem();
                } else if (reader.position() != last + 1) {
                    cut = "position " + reader.position() + " where " + (last + 1) + " was expected";
                } else if (!apply(reader, state, events)) {
                    cut = "a snapshot record (type " + reader.type() + ") after the snapshot";
                } else {
                    last = reader.position();
                    segment.hasData = true;
                    if (reader.type() == RecordFormat.EVENT) {
                        segment.lastEvent = last;
                    }
                }
            }
            segment.end = reader.offset();
            kept.add(segment);
            activeReader = reader;
            if (cut != null) {
                List<Path> later = files.subList(i + 1, files.size());
                for (Path drop : later) {
                    Files.delete(drop);
                }
                deleted |= !later.isEmpty();
                notes.add("torn tail cut at segment " + file.getFileName() + " offset " + segment.end + " (" + cut
                        + ") after position " + last + (later.isEmpty() ? "" : "; deleted later segments " + names(later)));
                break;
            }
        }
        if (activeReader != null) {
            Segment active = kept.getLast();
            if (!activeReader.allZero((int) active.end)) {
                // Whatever lies after the end of the data (a cut record, or pages of a torn batch that reached the disk
                // while an earlier page did not) must go before anything is appended after it.
                try (FileChannel channel = FileChannel.open(active.path, StandardOpenOption.WRITE)) {
                    JournalFiles.zeroFill(channel, active.end, active.size);
                    channel.force(true);
                }
                if (notes.isEmpty()) {
                    notes.add("stale bytes after the end of data zeroed in " + active + " from offset " + active.end);
                }
            }
        }
        if (deleted) {
            JournalFiles.syncDirectory(dir);
        }
        String note;
        if (notes.isEmpty()) {
            note = "clean: " + kept.size() + " segment(s), last position " + Math.max(last, 0);
            LOG.info("journal recovered from {}: {}", dir, note);
        } else {
            note = String.join("; ", notes);
            LOG.warn("journal recovered from {} after cutting what was not durable: {}", dir, note);
        }
        long lastPosition = Math.max(last, 0);
        // The owner gets its own arrays: the writer keeps encoding these values into snapshots.
        Map<String, byte[]> ownState = new HashMap<>();
        state.forEach((key, value) -> ownState.put(key, value.clone()));
        Journal.Recovery recovery = new Journal.Recovery(Collections.unmodifiableMap(ownState), List.copyOf(events), lastPosition, note);
        return new Recovered(recovery, state, kept, lastPosition);
    }

    /** Reads BEGIN, the entries and END with position {@code base}; {@code null} when any of it is missing or wrong. */
    private static HashMap<String, byte[]> readSnapshot(SegmentReader reader, long base) {
        if (!mark(reader, RecordFormat.SNAPSHOT_BEGIN, base)) {
            return null;
        }
        int entries = reader.entries();
        HashMap<String, byte[]> snapshot = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            if (reader.next() != SegmentReader.Status.RECORD || reader.type() != RecordFormat.PUT || reader.position() != base) {
                return null;
            }
            snapshot.put(reader.key(), reader.value());
        }
        return mark(reader, RecordFormat.SNAPSHOT_END, base) && reader.entries() == entries ? snapshot : null;
    }

    private static boolean mark(SegmentReader reader, byte type, long base) {
        return reader.next() == SegmentReader.Status.RECORD && reader.type() == type && reader.position() == base;
    }

    /** Applies a data record; {@code false} for a snapshot mark, which has no place after the snapshot. */
    private static boolean apply(SegmentReader reader, Map<String, byte[]> state, List<Journal.Event> events) {
        switch (reader.type()) {
            case RecordFormat.PUT:
                state.put(reader.key(), reader.value());
                return true;
            case RecordFormat.DELETE:
                state.remove(reader.key());
                return true;
            case RecordFormat.EVENT:
                events.add(new Journal.Event(reader.position(), reader.payload()));
                return true;
            default:
                return false;
        }
    }

    private static String describe(SegmentReader reader) {
        String problem = reader.problem();
        return problem != null ? problem + " at offset " + reader.offset() : "ends or differs at offset " + reader.offset();
    }

    private static String names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList().toString();
    }
}
