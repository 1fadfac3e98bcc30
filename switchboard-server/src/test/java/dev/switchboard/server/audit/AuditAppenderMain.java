package dev.switchboard.server.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.server.store.JdbcStore;

/**
 * The child process of the audit crash test ({@code cli/AuditCrashIT}): opens the store of a data directory as the
 * server does, then appends to the monitoring audit as fast as it can, printing
 * {@code appended <sequence> <previousHash> <hash>} on standard output after each {@link JdbcMonitoringAudit#append}
 * has returned, that is after the entry counts as acknowledged. It never closes the store: the test ends it with
 * SIGKILL, and whatever is not on disk by then is lost.
 *
 * <p>Arguments: the data directory, a label that goes into each entry's detail, and the most entries to append (a
 * bound in case nobody kills it). It also exits at once when its standard input ends, so that it does not outlive a
 * test run that died before killing it.
 */
public final class AuditAppenderMain {
    /** The prefix of each acknowledgement line. */
    public static final String APPENDED = "appended ";
    /** The line printed once the audit is open, with the sequence number it continues after. */
    public static final String READY = "ready ";
    private static final String SUPERVISOR = "0123456789abcdef0123456789abcdef";

    private AuditAppenderMain() {
    }

    /**
     * Runs the appender.
     *
     * @param args data directory, label, maximum number of entries
     */
    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        String label = args[1];
        long max = Long.parseLong(args[2]);
        exitWhenStandardInputEnds();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(dataDir), null, null);
        JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
        out.println(READY + audit.entries().size());
        for (long n = 1; n <= max; n++) {
            AuditEntry entry = audit.append(new AuditRecord(Instant.now(), "REQUEST", SUPERVISOR, "5001", null, label + " #" + n));
            out.println(APPENDED + entry.sequence() + " " + entry.previousHash() + " " + entry.hash());
        }
        // Reached only when nobody killed it: leave without closing, like a crash, so that nothing depends on a close.
        Runtime.getRuntime().halt(0);
    }

    private static void exitWhenStandardInputEnds() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // Nothing is sent on purpose; only the end matters.
                    continue;
                }
            } catch (IOException closed) {
                // Same as the end of input.
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
