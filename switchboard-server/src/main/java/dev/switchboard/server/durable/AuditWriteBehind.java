package dev.switchboard.server.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.journal.Journal;

/**
 * Stores the audit entries the journal made durable into the table, behind the requests that waited only for the
 * journal: the journal's writer hands each sync's events here ({@link #accept}, never blocking it); one thread stores
 * what has gathered in one transaction, then lets the journal release those events. A failed store (the database is
 * down) is retried; the entries stay durable in the journal meanwhile, and a start stores whatever is left.
 */
final class AuditWriteBehind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriteBehind.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static final Duration GATHER = Duration.ofSeconds(1);
    private static final int MAX_BATCH = 4096;

    private final Journal journal;
    private final JdbcMonitoringAudit table;
    private final JournaledAudit audit;
    private final LinkedBlockingQueue<Journal.Event> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    AuditWriteBehind(Journal journal, JdbcMonitoringAudit table, JournaledAudit audit) {
        this.journal = journal;
        this.table = table;
        this.audit = audit;
        this.thread = new Thread(this::run, "audit-write-behind");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The events one sync made durable (the journal's writer thread). */
    void accept(List<Journal.Event> events) {
        queue.addAll(events);
    }

    private void run() {
        List<Journal.Event> batch = new ArrayList<>();
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Journal.Event first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    gather(batch);
                }
                queue.drainTo(batch);
                store(batch);
                batch.clear();
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failed) {
                LOG.error("event=audit-write-behind-failed entries={} retryInMs={}", batch.size(), RETRY.toMillis(), failed);
                try {
                    // Keep the batch; what came meanwhile joins it at the next try.
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Waits up to {@link #GATHER} for more entries before storing: each store is a transaction and, on H2, a checkpoint
     * with its own fsync, which would otherwise compete for the disk with the journal's fdatasyncs that requests wait
     * for: a request whose fdatasync met one took several times its median (at 200 ms, one monitoring request in a
     * hundred did, in the benchmark). The entries are durable in the journal meanwhile, and the audit shows them from
     * memory until stored; a stop does not wait.
     */
    private void gather(List<Journal.Event> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER.toNanos();
        while (!closing && batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Journal.Event next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        }
    }

    private void store(List<Journal.Event> batch) {
        List<AuditEntry> entries = new ArrayList<>(batch.size());
        for (Journal.Event event : batch) {
            AuditEntry entry = AuditEvents.decode(event.payload());
            if (entry != null) {
                entries.add(entry);
            }
        }
        table.store(entries);
        if (!entries.isEmpty()) {
            audit.stored(entries.get(entries.size() - 1).sequence());
        }
        try {
            journal.release(batch.get(batch.size() - 1).position());
        } catch (RuntimeException closed) {
            // Closed meanwhile (a stop): the events stay in the journal, and the next start finds them stored already.
            LOG.debug("The journal did not release the stored audit entries", closed);
        }
    }

    /** Stores what is queued (bounded), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("event=audit-write-behind-unfinished queued={}; the journal keeps them for the next start", queue.size());
            thread.interrupt();
        }
    }
}
