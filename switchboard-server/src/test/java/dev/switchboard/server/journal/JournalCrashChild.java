package dev.switchboard.server.journal;

import static dev.switchboard.server.journal.JournalTesting.bytes;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link JournalCrashTest}: four threads append puts, deletes and events, each waiting for its record
 * to be durable and only then printing {@code ACK thread index position ;}. Thread 0 also releases events now and
 * then, printing {@code REL position ;} before it does. The {@code ;} marks a whole line: one cut short by the kill
 * is not an acknowledgement. The test kills the process with SIGKILL at a random moment.
 *
 * <p>Arguments: the journal directory, the run number (part of every value), the segment size.
 */
public final class JournalCrashChild {
    static final int THREADS = 4;
    /** A bound, so that a child left behind by a dead test stops by itself. */
    private static final int OPS_PER_THREAD = 200_000;

    private JournalCrashChild() {
    }

    /** The {@code index}th operation of {@code thread} in {@code run}: the test derives the same from an ACK line. */
    static JournalTesting.Op op(int run, int thread, int index) {
        if (index % 3 == 2) {
            return JournalTesting.Op.event("e-" + run + "-" + thread + "-" + index);
        }
        String key = "k-" + thread + "-" + index % 5;
        if (index % 7 == 6) {
            return JournalTesting.Op.delete(key);
        }
        return JournalTesting.Op.put(key, "v-" + run + "-" + thread + "-" + index);
    }

    /**
     * Runs the appenders until killed.
     *
     * @param args directory, run, segment bytes
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int run = Integer.parseInt(args[1]);
        Journal journal = Journal.open(dir, Journal.Settings.defaults().withSegmentBytes(Long.parseLong(args[2])));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.println("OPEN " + journal.recovery().lastPosition());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                    long position = op(run, thread, i).apply(journal);
                    journal.await(position, Duration.ofSeconds(30));
                    out.println("ACK " + thread + " " + i + " " + position + " ;");
                    if (thread == 0 && i % 50 == 49) {
                        long released = journal.durablePosition() - 200;
                        if (released > 0) {
                            // Printed first: the test may then assume anything up to it is gone, never less.
                            out.println("REL " + released + " ;");
                            journal.release(released);
                        }
                    }
                }
            }, "appender-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        journal.event(bytes("done"));
        journal.close();
    }
}
