package dev.switchboard.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.store.IdentityStore;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.config.ContactCenterConfig.UserConfig;
import dev.switchboard.server.config.DirectoryBuilder;

/**
 * Checks user names and passwords against bcrypt hashes kept in the store.
 *
 * <p>An unknown user is checked against a dummy hash of the same cost, so a failed login costs the same time as a
 * good one and does not tell which user names exist. A successful check is remembered for a few minutes under a
 * SHA-256 of the credentials, because clients such as the .NET GWS client send Basic on every request and bcrypt on
 * each would cost tens of milliseconds a request.
 */
public final class Credentials {
    /** The bcrypt cost of hashes Switchboard makes. */
    public static final int COST = 10;

    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final Directory directory;
    private final Map<String, String> hashes;
    private final Clock clock;
    private final String dummyHash;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final AtomicLong passwordChecks = new AtomicLong();

    private Credentials(Directory directory, Map<String, String> hashes, Clock clock) {
        this.directory = directory;
        this.hashes = Map.copyOf(hashes);
        this.clock = clock;
        this.dummyHash = hash("switchboard-dummy-password");
    }

    /**
     * Stores each configured user's hash and returns the checker. A demo user's plain password is hashed once: a
     * stored hash that still matches it is kept, so restarts do not rewrite it.
     */
    public static Credentials load(ContactCenterConfig config, Directory directory, IdentityStore store, Clock clock) {
        Map<String, String> hashes = new ConcurrentHashMap<>();
        for (UserConfig user : config.users()) {
            String userId = DirectoryBuilder.userId(store, user.userName());
            String hash;
            if (user.passwordHash() != null) {
                hash = user.passwordHash();
                if (!hash.equals(store.passwordHash(userId).orElse(null))) {
                    store.savePasswordHash(userId, hash);
                }
            } else {
                Optional<String> stored = store.passwordHash(userId);
                if (stored.isPresent() && verify(user.password(), stored.get())) {
                    hash = stored.get();
                } else {
                    hash = hash(user.password());
                    store.savePasswordHash(userId, hash);
                }
            }
            hashes.put(userId, hash);
        }
        return new Credentials(directory, hashes, clock);
    }

    /** A bcrypt hash of {@code password} at {@link #COST}. */
    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    private static boolean verify(String password, String hash) {
        return BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** The user these credentials belong to, or empty when the name is unknown or the password wrong. */
    public Optional<User> authenticate(String userName, String password) {
        String key = digest(userName, password);
        Instant now = clock.instant();
        Remembered known = remembered.get(key);
        if (known != null && known.until.isAfter(now)) {
            return directory.userById(known.userId);
        }
        Optional<User> user = directory.userByName(userName);
        String hash = user.map(u -> hashes.get(u.id())).orElse(null);
        passwordChecks.incrementAndGet();
        boolean good = verify(password, hash == null ? dummyHash : hash) && hash != null;
        if (!good) {
            return Optional.empty();
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(key, new Remembered(user.get().id(), now.plus(REMEMBER)));
        return user;
    }

    /** How many passwords {@link #authenticate} checked with bcrypt (not those it remembered). */
    public long passwordChecks() {
        return passwordChecks.get();
    }

    private static String digest(String userName, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(userName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private record Remembered(String userId, Instant until) {
    }
}
