package dev.switchboard.server.journal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's failure, once it has one: set once by the writer thread on an I/O error, read by every call that must
 * then refuse. Thread-safe.
 */
final class JournalFailure {
    // The journal's own logger, so that the log reads as it did when all of this was one class.
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final AtomicReference<JournalException> failure = new AtomicReference<>();

    /** @param dir the journal's directory, for the message */
    JournalFailure(Path dir) {
        this.dir = dir;
    }

    /** @return the failure, or {@code null} while the journal works */
    JournalException get() {
        return failure.get();
    }

    /**
     * Records {@code cause} as the journal's failure; only the first one counts and is logged (at ERROR), so that a
     * broken disk is reported once, not once per caller.
     */
    void fail(Throwable cause) {
        JournalException failed = new JournalException(JournalException.Reason.IO, "The journal in " + dir + " failed: " + cause,
                cause);
        if (failure.compareAndSet(null, failed)) {
            LOG.error("journal {} failed; every later write and every waiter for a record not yet durable is refused", dir, cause);
        }
    }

    /** Throws {@link #refused} when the journal has failed. */
    void check() {
        JournalException failed = failure.get();
        if (failed != null) {
            throw refused(failed);
        }
    }

    /** A new exception per refused call, so that each caller gets its own stack trace, with the original cause. */
    static JournalException refused(JournalException failed) {
        return new JournalException(JournalException.Reason.IO, failed.getMessage(), failed.getCause());
    }
}
