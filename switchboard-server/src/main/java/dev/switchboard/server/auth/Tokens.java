package dev.switchboard.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;

/**
 * The bearer tokens the token endpoint issued, in memory only (a restart forgets them): each is 256 random bits,
 * names one user and expires {@link #lifetime()} after it was issued. Thread-safe.
 */
public final class Tokens {
    /** Expired tokens are swept out of the map every this many issues. */
    private static final int SWEEP_EVERY = 64;

    private final Directory directory;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();

    private record Issued(String userId, Instant expires) {
    }

    public Tokens(Directory directory, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        this.directory = directory;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** How long a token lives from when it is issued. */
    public Duration lifetime() {
        return lifetime;
    }

    /** A new token for {@code user}, valid for {@link #lifetime()}. */
    public String issue(User user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        issued.put(token, new Issued(user.id(), now.plus(lifetime)));
        if (count.incrementAndGet() % SWEEP_EVERY == 0) {
            issued.values().removeIf(entry -> !entry.expires.isAfter(now));
        }
        return token;
    }

    /** The user a token names, while it has not expired; empty for an unknown or expired token. */
    public Optional<User> user(String token) {
        Issued entry = token == null ? null : issued.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expires.isAfter(clock.instant())) {
            issued.remove(token, entry);
            return Optional.empty();
        }
        return directory.userById(entry.userId);
    }

    /**
     * The token of an {@code Authorization: Bearer TOKEN} header value, or {@code null} when the value is not one.
     */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Tokens held now, expired ones not yet swept included. */
    public int size() {
        return issued.size();
    }
}
