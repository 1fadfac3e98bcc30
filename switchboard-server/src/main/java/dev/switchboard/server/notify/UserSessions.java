package dev.switchboard.server.notify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.cometd.bayeux.server.ServerSession;

/**
 * Which CometD sessions belong to which user. Filled when a handshake is authenticated, emptied when a session goes
 * away; read by the publisher for every message.
 */
public final class UserSessions {
    /** ServerSession attribute holding the user id. */
    public static final String USER_ID = "switchboard.userId";

    private final Map<String, Set<ServerSession>> sessions = new ConcurrentHashMap<>();

    void add(String userId, ServerSession session) {
        session.setAttribute(USER_ID, userId);
        sessions.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(ServerSession session) {
        Object userId = session.getAttribute(USER_ID);
        if (userId != null) {
            sessions.computeIfPresent(userId.toString(), (id, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The user's sessions now. */
    public List<ServerSession> of(String userId) {
        Set<ServerSession> set = sessions.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** How many sessions are registered, over all users. */
    public int count() {
        return sessions.values().stream().mapToInt(Set::size).sum();
    }
}
