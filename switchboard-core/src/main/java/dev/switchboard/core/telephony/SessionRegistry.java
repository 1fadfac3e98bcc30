package dev.switchboard.core.telephony;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which voice environment holds each user's contact-center session. Shared by the switches of a contact center so
 * that a user holds at most one session across all of them. Only switch threads change it, in the same step as the
 * session change itself, so it never disagrees with the switches; claiming is atomic, so two switches cannot both
 * start a session for the same user.
 */
public final class SessionRegistry {
    private final Map<String, String> environments = new ConcurrentHashMap<>();

    /** The environment holding the user's session, if any. */
    public Optional<String> environmentOf(String userId) {
        return Optional.ofNullable(environments.get(userId));
    }

    /** The users who hold a session now, on any switch. */
    public Set<String> userIds() {
        return Set.copyOf(environments.keySet());
    }

    /** Claims the user's session for {@code environment}; false when another environment holds it. */
    boolean claim(String userId, String environment) {
        String holder = environments.putIfAbsent(userId, environment);
        return holder == null || holder.equals(environment);
    }

    void release(String userId, String environment) {
        environments.remove(userId, environment);
    }
}
