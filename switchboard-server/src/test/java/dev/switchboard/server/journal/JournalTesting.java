package dev.switchboard.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Helpers shared by the journal tests: a model of what the journal should hold, and a look at the files. */
final class JournalTesting {
    static final Duration WAIT = Duration.ofSeconds(10);

    private JournalTesting() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A map's values as strings, sorted by key, so that AssertJ compares contents rather than array identities. */
    static Map<String, String> texts(Map<String, byte[]> state) {
        Map<String, String> texts = new TreeMap<>();
        state.forEach((key, value) -> texts.put(key, text(value)));
        return texts;
    }

    /** Events as "position:payload" strings. */
    static List<String> texts(List<Journal.Event> events) {
        return events.stream().map(event -> event.position() + ":" + text(event.payload())).toList();
    }

    /** One operation: a put ('P'), a delete ('D', value unused) or an event ('E', key unused). */
    record Op(char kind, String key, String value) {
        static Op put(String key, String value) {
            return new Op('P', key, value);
        }

        static Op delete(String key) {
            return new Op('D', key, null);
        }

        static Op event(String payload) {
            return new Op('E', null, payload);
        }

        /** Queues the operation; returns its position. */
        long apply(Journal journal) {
            switch (kind) {
                case 'P':
                    return journal.put(key, bytes(value));
                case 'D':
                    return journal.put(key, null);
                default:
                    return journal.event(bytes(value));
            }
        }
    }

    /** What the journal should recover: the state and the events of operations at consecutive positions. */
    static final class Model {
        final Map<String, String> state = new TreeMap<>();
        final List<String> events = new ArrayList<>();
        long last;

        Model() {
        }

        Model(Journal.Recovery recovery) {
            state.putAll(texts(recovery.state()));
            events.addAll(texts(recovery.events()));
            last = recovery.lastPosition();
        }

        void apply(long position, Op op) {
            assertThat(position).as("positions are consecutive").isEqualTo(last + 1);
            last = position;
            switch (op.kind()) {
                case 'P':
                    state.put(op.key(), op.value());
                    break;
                case 'D':
                    state.remove(op.key());
                    break;
                default:
                    events.add(position + ":" + op.value());
                    break;
            }
        }

        /** Queues every operation, checking and applying its position, then waits until all are durable. */
        void write(Journal journal, List<Op> ops) {
            for (Op op : ops) {
                apply(op.apply(journal), op);
            }
            journal.awaitAll(WAIT);
        }

        /** Checks a recovery against the model: same state, same events, same last position. */
        void check(Journal.Recovery recovery) {
            assertThat(texts(recovery.state())).as("recovered state").isEqualTo(state);
            assertThat(texts(recovery.events())).as("recovered events").isEqualTo(events);
            assertThat(recovery.lastPosition()).as("recovered last position").isEqualTo(last);
        }
    }

    /** The segment files in {@code dir}, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        return JournalFiles.segmentFiles(dir);
    }

    /** Where each record of a segment starts and ends, by position (snapshot records excluded). */
    static Map<Long, int[]> dataRecords(Path segment) throws IOException {
        SegmentReader reader = new SegmentReader(Files.readAllBytes(segment));
        Map<Long, int[]> records = new LinkedHashMap<>();
        boolean inSnapshot = false;
        while (reader.next() == SegmentReader.Status.RECORD) {
            byte type = reader.type();
            if (type == RecordFormat.SNAPSHOT_BEGIN || type == RecordFormat.SNAPSHOT_END) {
                inSnapshot = type == RecordFormat.SNAPSHOT_BEGIN;
            } else if (!inSnapshot) {
                records.put(reader.position(), new int[] {reader.offset(), 0});
            }
        }
        int end = reader.offset();
        Long previous = null;
        for (Map.Entry<Long, int[]> entry : records.entrySet()) {
            if (previous != null) {
                records.get(previous)[1] = entry.getValue()[0];
            }
            previous = entry.getKey();
        }
        if (previous != null) {
            records.get(previous)[1] = end;
        }
        return records;
    }

    /** The encoded bytes of records built by {@code builder}. */
    static byte[] encode(Consumer<RecordBuffer> builder) {
        RecordBuffer buffer = new RecordBuffer(1024);
        builder.accept(buffer);
        ByteBuffer data = buffer.flip();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    /** Overwrites bytes of a file in place. */
    static void overwrite(Path file, int offset, byte[] bytes) throws IOException {
        byte[] content = Files.readAllBytes(file);
        System.arraycopy(bytes, 0, content, offset, bytes.length);
        Files.write(file, content);
    }
}
