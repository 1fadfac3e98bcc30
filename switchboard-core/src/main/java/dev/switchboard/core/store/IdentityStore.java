package dev.switchboard.core.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps the ids of configured things (users, places, devices, voice environments) stable across restarts of the
 * same data, and the users' password hashes.
 */
public interface IdentityStore {

    /**
     * The id stored for the thing of {@code kind} named {@code naturalKey}; when there is none, stores and returns
     * {@code newId.get()}.
     */
    String stableId(String kind, String naturalKey, Supplier<String> newId);

    /** The stored password hash of the user, if any. */
    Optional<String> passwordHash(String userId);

    /** Stores (or replaces) the password hash of the user. */
    void savePasswordHash(String userId, String hash);
}
