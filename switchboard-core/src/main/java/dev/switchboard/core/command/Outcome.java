package dev.switchboard.core.command;

import java.util.Objects;

/**
 * The result of a command on the switch: accepted, or refused with a reason and a message for the client.
 * Refusals are values, not exceptions: a refused command changed nothing.
 */
public sealed interface Outcome {

    Outcome OK = new Accepted(null);

    /** Accepted, naming what the command created (a call id). */
    static Outcome accepted(String id) {
        return new Accepted(id);
    }

    static Outcome refused(Refusal reason, String message) {
        return new Refused(reason, message);
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * The command was applied.
     *
     * @param id what it created (a call id), or {@code null}
     */
    record Accepted(String id) implements Outcome {
    }

    /** The command was refused and changed nothing. */
    record Refused(Refusal reason, String message) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a command was refused; the API layer maps each to a GWS statusCode. */
    enum Refusal {
        /** A required parameter is missing. */
        MISSING_PARAMETER,
        /** A parameter has the wrong type or a value outside its allowed set. */
        INVALID_PARAMETER,
        /** The operation is not among the resource's current capabilities. */
        NOT_IN_CAPABILITIES,
        /** The user's role, features or groups do not allow it. */
        NOT_PERMITTED,
        /** An id, URI or number names nothing. */
        NOT_FOUND,
        /** The resource is in use by someone else. */
        IN_USE,
        /** The switch cannot take more work right now. */
        UNAVAILABLE
    }
}
