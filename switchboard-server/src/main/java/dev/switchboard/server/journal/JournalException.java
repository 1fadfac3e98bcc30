package dev.switchboard.server.journal;

import java.util.Objects;

/**
 * A failure of the {@link Journal}: an I/O error (after which the journal is failed for good), a timeout while waiting
 * for durability, a full queue, a closed journal, or files that cannot be recovered. Unchecked, because a caller can
 * do no better than refuse the request it is serving; {@link #reason()} tells the cases apart without parsing the
 * message.
 */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the journal refused or failed. */
    public enum Reason {
        /** A read, write, sync, create or delete failed; the journal is failed and refuses everything from then on. */
        IO,
        /** {@link Journal#await} ran out of time: the record may still become durable later. */
        TIMEOUT,
        /** The bounded queue is full: the caller should refuse new work ({@link Journal#hasRoom()}). */
        FULL,
        /** The journal is closed, or was closed before the record became durable. */
        CLOSED,
        /** Another process, or another open journal in this one, holds the directory's lock. */
        IN_USE,
        /** The files on disk cannot be recovered without losing acknowledged state; nothing was changed. */
        CORRUPT,
        /** The waiting thread was interrupted; its interrupt flag is set again. */
        INTERRUPTED
    }

    /** Which kind of failure; kept in the serialized form with the message. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  which kind of failure
     * @param message what the journal was doing, with the directory or file when it helps
     * @param cause   the underlying error, or {@code null}
     */
    public JournalException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception without an underlying error.
     *
     * @param reason  which kind of failure
     * @param message what the journal was doing
     */
    public JournalException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** @return which kind of failure this is */
    public Reason reason() {
        return reason;
    }
}
