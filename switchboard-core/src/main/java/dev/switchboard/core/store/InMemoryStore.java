package dev.switchboard.core.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A store that forgets everything on exit: for unit tests and for runs that need no data directory. */
public final class InMemoryStore implements IdentityStore, AgentHistoryStore {
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final List<AgentStateEntry> history = new CopyOnWriteArrayList<>();

    @Override
    public String stableId(String kind, String naturalKey, Supplier<String> newId) {
        return ids.computeIfAbsent(kind + "\u0000" + naturalKey, k -> newId.get());
    }

    @Override
    public Optional<String> passwordHash(String userId) {
        return Optional.ofNullable(hashes.get(userId));
    }

    @Override
    public void savePasswordHash(String userId, String hash) {
        hashes.put(userId, hash);
    }

    @Override
    public void append(AgentStateEntry entry) {
        history.add(entry);
    }

    @Override
    public List<AgentStateEntry> history(String userId, int limit) {
        List<AgentStateEntry> result = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && result.size() < limit; i--) {
            if (history.get(i).userId().equals(userId)) {
                result.add(history.get(i));
            }
        }
        return result;
    }

    @Override
    public Optional<AgentStateEntry> lastLogin(String userId) {
        for (int i = history.size() - 1; i >= 0; i--) {
            AgentStateEntry entry = history.get(i);
            if (entry.userId().equals(userId) && entry.login()) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<AgentStateEntry> latestEntries() {
        Map<String, AgentStateEntry> latest = new LinkedHashMap<>();
        for (AgentStateEntry entry : history) {
            latest.merge(entry.userId(), entry, (before, next) -> next.at().isBefore(before.at()) ? before : next);
        }
        return List.copyOf(latest.values());
    }
}
