package dev.switchboard.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.journal.JournalTesting.Op;

/**
 * A real crash: a child JVM ({@link JournalCrashChild}) appends from four threads and prints what the journal
 * acknowledged; the test kills it with SIGKILL at a random moment, reopens the journal and checks that every
 * acknowledged record is there (events not released, the latest acknowledged value of every key). Three runs on the
 * same directory, each recovering what the previous one left.
 *
 * <p>SIGKILL leaves the operating system's page cache alone, so this checks the protocol (nothing acknowledged before
 * it was written, recovery of whatever the process left mid-batch or mid-roll), not the disk's honesty about fsync.
 */
class JournalCrashTest {
    private static final int RUNS = 3;
    private static final int MIN_ACKS = 2000;
    private static final long SEGMENT_BYTES = 8 << 10;
    private static final long STARTUP_MILLIS = 30_000;
    private static final String END = "\u0000end";
    private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\d+) (\\d+) ;");
    private static final Pattern REL = Pattern.compile("REL (\\d+) ;");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> baseline = new TreeMap<>();
        long lastPosition = 0;
        for (int run = 1; run <= RUNS; run++) {
            int killAfter = MIN_ACKS + random.nextInt(1500);
            Child child = new Child(dir, run);
            try {
                String open = child.next(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS));
                assertThat(open).isEqualTo("OPEN " + lastPosition);
                int acks = 0;
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS);
                while (acks < killAfter) {
                    String line = child.next(deadline);
                    if (line.equals(END)) {
                        fail("The child stopped after %d acknowledgements; stderr:%n%s", acks, child.stderr);
                    }
                    if (ACK.matcher(line).matches()) {
                        acks++;
                    }
                }
                // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of its
                // standard output and lose the acknowledgements still in the pipe.
                assertThat(child.process.toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
                assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("killed child gone").isTrue();
                // Lines printed before the kill are acknowledgements too: read them all.
                long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String line;
                do {
                    line = child.next(drained);
                } while (!line.equals(END));
            } finally {
                child.process.destroyForcibly();
            }
            try (Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(SEGMENT_BYTES))) {
                Journal.Recovery recovery = journal.recovery();
                check(run, child.lines, baseline, lastPosition, recovery);
                System.out.printf("crash run %d (seed %d): killed after %d acknowledgements (%d lines); recovered last position %d, "
                                + "%d events, %d keys; %s%n", run, seed, killAfter, child.lines.size(), recovery.lastPosition(),
                        recovery.events().size(), recovery.state().size(), recovery.note());
                assertThat(journal.appendedPosition()).isEqualTo(recovery.lastPosition());
                baseline = JournalTesting.texts(recovery.state());
                lastPosition = recovery.lastPosition();
            }
        }
    }

    private static void check(int run, List<String> lines, Map<String, String> baseline, long before, Journal.Recovery recovery) {
        int[] lastAcked = new int[JournalCrashChild.THREADS];
        Arrays.fill(lastAcked, -1);
        Map<Long, String> ackedEvents = new HashMap<>();
        long maxAcked = 0;
        long released = 0;
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            Matcher ack = ACK.matcher(line);
            Matcher release = REL.matcher(line);
            if (release.matches()) {
                released = Math.max(released, Long.parseLong(release.group(1)));
            } else if (ack.matches()) {
                int thread = Integer.parseInt(ack.group(1));
                int index = Integer.parseInt(ack.group(2));
                long position = Long.parseLong(ack.group(3));
                assertThat(position).as("positions continue after the previous run").isGreaterThan(before);
                assertThat(index).as("acknowledgements of a thread come in order").isEqualTo(lastAcked[thread] + 1);
                lastAcked[thread] = index;
                maxAcked = Math.max(maxAcked, position);
                Op op = JournalCrashChild.op(run, thread, index);
                if (op.kind() == 'E') {
                    ackedEvents.put(position, op.value());
                }
            } else if (n < lines.size() - 1 || !line.startsWith("ACK ") && !line.startsWith("REL ")) {
                // Only the very last line may be cut short by the kill; anything else means output was lost.
                fail("Unexpected line %d from the child: %s", n, line);
            }
        }
        assertThat(recovery.lastPosition()).as("nothing acknowledged is lost").isGreaterThanOrEqualTo(maxAcked);
        assertThat(recovery.lastPosition()).as("at most one record per thread beyond the acknowledged")
                .isLessThanOrEqualTo(maxAcked + JournalCrashChild.THREADS);

        Map<String, String> recovered = JournalTesting.texts(recovery.state());
        for (int thread = 0; thread < JournalCrashChild.THREADS; thread++) {
            // Each thread owns its keys and has at most one record in flight, so the state of its keys is either what
            // it had acknowledged or that plus the one record it was waiting for.
            Map<String, String> acknowledged = ownKeys(baseline, thread);
            for (int index = 0; index <= lastAcked[thread]; index++) {
                apply(acknowledged, JournalCrashChild.op(run, thread, index));
            }
            Map<String, String> withInFlight = new TreeMap<>(acknowledged);
            apply(withInFlight, JournalCrashChild.op(run, thread, lastAcked[thread] + 1));
            assertThat(ownKeys(recovered, thread)).as("keys of thread %d", thread).isIn(acknowledged, withInFlight);
        }

        Map<Long, String> events = new HashMap<>();
        long previous = 0;
        for (Journal.Event event : recovery.events()) {
            assertThat(event.position()).isGreaterThan(previous);
            previous = event.position();
            String payload = JournalTesting.text(event.payload());
            events.put(event.position(), payload);
            if (payload.startsWith("e-" + run + "-")) {
                String[] parts = payload.split("-");
                int thread = Integer.parseInt(parts[2]);
                int index = Integer.parseInt(parts[3]);
                if (index != lastAcked[thread] + 1) {
                    assertThat(ackedEvents).as("a recovered event was acknowledged or in flight").containsEntry(event.position(), payload);
                }
            }
        }
        for (Map.Entry<Long, String> acked : ackedEvents.entrySet()) {
            if (acked.getKey() > released) {
                assertThat(events).as("acknowledged event not released").containsEntry(acked.getKey(), acked.getValue());
            }
        }
        if (lines.stream().noneMatch(line -> line.startsWith("ACK "))) {
            fail("no acknowledgements in run %d", run);
        }
    }

    private static Map<String, String> ownKeys(Map<String, String> state, int thread) {
        Map<String, String> own = new TreeMap<>();
        state.forEach((key, value) -> {
            if (key.startsWith("k-" + thread + "-")) {
                own.put(key, value);
            }
        });
        return own;
    }

    private static void apply(Map<String, String> state, Op op) {
        if (op.kind() == 'P') {
            state.put(op.key(), op.value());
        } else if (op.kind() == 'D') {
            state.remove(op.key());
        }
    }

    /** The child JVM with its standard output as a queue of lines (and a copy of every line read). */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final List<String> lines = new ArrayList<>();
        final StringBuffer stderr = new StringBuffer();

        Child(Path dir, int run) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath, JournalCrashChild.class.getName(),
                    dir.toString(), Integer.toString(run), Long.toString(SEGMENT_BYTES)).start();
            Thread out = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        stdout.add(line);
                    }
                } catch (IOException closed) {
                    stdout.add("[stdout: " + closed + "]");
                } finally {
                    stdout.add(END);
                }
            }, "crash-child-stdout");
            out.setDaemon(true);
            out.start();
            Thread err = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        stderr.append(line).append('\n');
                    }
                } catch (IOException closed) {
                    stderr.append("[stderr: ").append(closed).append("]\n");
                }
            }, "crash-child-stderr");
            err.setDaemon(true);
            err.start();
        }

        /** The next line, or {@link #END} once the output is closed; fails when none comes before {@code deadline}. */
        String next(long deadline) throws InterruptedException {
            String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return fail("No line from the child in time; %d lines so far, the last: %s%nstderr:%n%s", lines.size(),
                        lines.isEmpty() ? "-" : lines.get(lines.size() - 1), stderr);
            }
            if (!line.equals(END)) {
                lines.add(line);
            } else if (lines.isEmpty()) {
                return fail("The child ended without output; stderr:%n%s", stderr);
            }
            return line;
        }
    }
}
