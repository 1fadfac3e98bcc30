package dev.switchboard.core.store;

import java.util.List;
import java.util.Optional;

/** Keeps every agent's logins and agent-state changes, with their times. Append only. */
public interface AgentHistoryStore {

    void append(AgentStateEntry entry);

    /**
     * Appends {@code entries} in their order. A database store does it in one transaction, all or none (one that makes
     * each commit durable pays one sync for them all); by default, one {@link #append} each.
     */
    default void appendAll(List<AgentStateEntry> entries) {
        entries.forEach(this::append);
    }

    /** The user's most recent entries, newest first, at most {@code limit}. */
    List<AgentStateEntry> history(String userId, int limit);

    /** The user's most recent login, if any. */
    Optional<AgentStateEntry> lastLogin(String userId);

    /**
     * Every user's most recent entry (in the order of {@link #history}: latest time, then latest appended), one per user
     * with any history; in no particular order. An entry whose state is not {@code LOGGED_OUT} is a history still open.
     */
    List<AgentStateEntry> latestEntries();

    /** Makes what was appended so far durable, for a store whose appends are not durable one by one. */
    default void sync() {
    }
}
