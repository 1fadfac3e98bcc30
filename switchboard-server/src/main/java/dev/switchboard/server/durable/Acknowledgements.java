package dev.switchboard.server.durable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.journal.Journal;
import dev.switchboard.server.log.Kv;

/**
 * What a reply waits for before it acknowledges a change the switch applied: that the change's journal records are
 * on disk. The records were queued on the switch thread before the command completed, so the journal's appended
 * position, read after it, covers them; waiting for it shares the fdatasync of every change of the same moment
 * (the journal's group commit). Agent states may be configured not to wait ({@code server.durability.agentStates:
 * async}).
 */
public final class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    /** What kind of change is acknowledged. */
    public enum Kind {
        /** A session started or ended. */
        SESSION,
        /** Ready, NotReady, AfterCallWork, AuxWork. */
        AGENT_STATE,
        /** Do-not-disturb, forwarding. */
        FEATURE,
        /** A monitoring subscription started, changed or ended. */
        MONITORING
    }

    /** Acknowledgements that never wait: for a server without a journal (tests of other parts). */
    public static final Acknowledgements NONE = new Acknowledgements(null, null, false, Duration.ZERO);

    private final Journal journal;
    private final StateJournal state;
    private final boolean agentStatesSync;
    private final Duration timeout;

    /**
     * @param agentStatesSync whether agent-state changes wait for the disk too
     * @param timeout         how long a reply waits at most before it reports the change not durable
     */
    public Acknowledgements(Journal journal, StateJournal state, boolean agentStatesSync, Duration timeout) {
        this.journal = journal;
        this.state = state;
        this.agentStatesSync = agentStatesSync;
        this.timeout = timeout;
    }

    /**
     * Follows a command the switch is about to apply: {@link Pending#applied()} completes with its outcome once the
     * switch applied it and, for an accepted change of a kind that waits, once the journal has its records on disk, so
     * that the request's thread is woken once, by the journal's writer, instead of first by the switch and then by the
     * writer. The position waited for is read as the command completes (on the switch's thread): the change's records
     * were queued before, so it covers them and the fdatasync of every change of the same moment.
     */
    public Pending pending(CompletableFuture<Outcome> command, Kind kind) {
        if (journal == null || kind == Kind.AGENT_STATE && !agentStatesSync) {
            return new Pending(command, kind, null);
        }
        return new Pending(command, kind, this);
    }

    /**
     * A command followed until it is applied and durable. Wait for {@link #applied()} (bounded: {@code Commands.await},
     * which turns a refusal into the GWS failure, and calls {@link #timedOut()} when the disk is what was slow), then
     * {@link #confirm()}.
     */
    public static final class Pending {
        private final Kind kind;
        private final Acknowledgements by;
        private final CompletableFuture<Outcome> command;
        private final CompletableFuture<Outcome> applied;
        /** Why the change is not durable, once {@link #applied} completed; null when it is (or need not be). */
        private volatile Throwable notDurable;

        private Pending(CompletableFuture<Outcome> command, Kind kind, Acknowledgements by) {
            this.kind = kind;
            this.by = by;
            this.command = command;
            this.applied = by == null ? command : command.thenCompose(this::durable);
        }

        private CompletableFuture<Outcome> durable(Outcome outcome) {
            if (outcome instanceof Outcome.Refused) {
                return CompletableFuture.completedFuture(outcome);
            }
            CompletableFuture<Void> onDisk;
            try {
                onDisk = by.journal.whenDurable(by.journal.appendedPosition());
            } catch (RuntimeException failed) {
                notDurable = failed;
                return CompletableFuture.completedFuture(outcome);
            }
            // No timeout here: it would schedule a task (and wake a timer thread) from the switch thread for every
            // change. Whoever waits bounds the wait, and calls timedOut when the switch answered and the disk did not.
            return onDisk.handle((done, failed) -> {
                notDurable = failed;
                return outcome;
            });
        }

        /** How long a waiter waits for {@link #applied()} at most: the switch's time and the journal's together. */
        public Duration timeout(Duration switchTimeout) {
            return by == null ? switchTimeout : switchTimeout.plus(by.timeout);
        }

        /** Whether the switch has applied (or refused) the command, whatever the journal did since. */
        public boolean commandDone() {
            return command.isDone();
        }

        /** The waiter gave up on the journal after the switch applied the command: the change is not durable in time. */
        public void timedOut() {
            if (notDurable == null) {
                notDurable = new TimeoutException();
            }
        }

        /** The command's outcome, once applied and, for an accepted change that waits, durable or known not to be. */
        public CompletableFuture<Outcome> applied() {
            return applied;
        }

        /**
         * After {@link #applied()} completed with an accepted outcome: returns when the change is durable.
         *
         * @throws GwsException 503 when it is not (the journal failed, was full, or the disk was slower than the
         *                      timeout): the reply must not acknowledge it
         */
        public void confirm() {
            if (by == null) {
                return;
            }
            Throwable failed = notDurable;
            if (failed != null) {
                throw notDurable(kind, failed instanceof TimeoutException ? "not on disk in time"
                        : failed instanceof CompletionException && failed.getCause() != null ? failed.getCause().getMessage()
                        : failed.getMessage());
            }
            if (by.state.behind()) {
                throw notDurable(kind, "the journal could not take the change");
            }
        }
    }

    private static GwsException notDurable(Kind kind, String why) {
        LOG.error("event=not-durable kind={} reason={}", kind, Kv.value(why));
        return new GwsException(StatusCodes.INTERNAL_ERROR,
                "The change was applied but could not be stored; it is not acknowledged and may be lost in a restart", 503);
    }
}
