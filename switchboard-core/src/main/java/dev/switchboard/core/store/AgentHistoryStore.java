package dev.switchboard.core.store;

import java.util.List;
import java.util.Optional;

/** Keeps every agent's logins and agent-state changes, with their times. Append only. */
public interface AgentHistoryStore {

    void append(AgentStateEntry entry);

    /** The user's most recent entries, newest first, at most {@code limit}. */
    List<AgentStateEntry> history(String userId, int limit);

    /** The user's most recent login, if any. */
    Optional<AgentStateEntry> lastLogin(String userId);
}
