package dev.switchboard.server.durable;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.journal.Journal;
import dev.switchboard.server.journal.JournalException;
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
     * Returns once the change just applied is durable.
     *
     * @throws GwsException 503 when it cannot be made durable (the journal failed, was full, or the disk is slower
     *                      than the timeout): the reply must not acknowledge it
     */
    public void applied(Kind kind) {
        if (journal == null || kind == Kind.AGENT_STATE && !agentStatesSync) {
            return;
        }
        if (state.behind()) {
            throw notDurable(kind, "the journal could not take the change");
        }
        try {
            journal.await(journal.appendedPosition(), timeout);
        } catch (JournalException failed) {
            throw notDurable(kind, failed.getMessage());
        }
    }

    private static GwsException notDurable(Kind kind, String why) {
        LOG.error("event=not-durable kind={} reason={}", kind, Kv.value(why));
        return new GwsException(StatusCodes.INTERNAL_ERROR,
                "The change was applied but could not be stored; it is not acknowledged and may be lost in a restart", 503);
    }
}
