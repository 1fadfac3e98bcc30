package dev.switchboard.server.store;

import java.util.Objects;

/**
 * A failure of the database behind a store: the pool, a migration or a statement. Unchecked, because callers of the
 * store ports cannot recover from a broken database any better than by letting the error travel up; it carries the
 * original error as its cause so that nothing of the SQL failure is lost, or, where the adapter itself found the
 * stored data inconsistent (no error below it), none.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the store was doing
     * @param cause   the error the database, the pool or Flyway reported; never {@code null}
     */
    public StoreException(String message, Throwable cause) {
        super(message, Objects.requireNonNull(cause, "cause"));
    }

    /**
     * Creates the exception for what the adapter found wrong with the data itself, with no error below it (an audit
     * chain that does not continue, for example).
     *
     * @param message what is wrong
     */
    public StoreException(String message) {
        super(message);
    }
}
