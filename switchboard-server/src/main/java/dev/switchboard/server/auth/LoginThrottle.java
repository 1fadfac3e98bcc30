package dev.switchboard.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down: after a number of failed logins for a user name, or from a remote address, further
 * attempts for that key are refused for a delay that doubles with each failure, without checking the password (so
 * without running bcrypt); after more failures the key is locked out for a longer while.
 *
 * <p>For a key with {@code f} failures, the last at {@code t}, an attempt is refused before {@code t + delay(f)}:
 * <ul>
 *   <li>{@code f} below the key's {@code free} failures ({@link Settings#failuresBeforeDelay()} for a user name,
 *       {@link Settings#addressFailuresBeforeDelay()} for an address): no delay;</li>
 *   <li>then 1 s, 2 s, 4 s … (2<sup>f − free</sup> s), at most {@link Settings#maxDelaySeconds()};</li>
 *   <li>from {@link Settings#lockoutAfterFailures()} failures on (for an address, as many more as its free failures are
 *       more), {@link Settings#lockoutSeconds()}.</li>
 * </ul>
 * A key forgets its failures once {@link Settings#windowSeconds()} passed since the last one and its delay is over. A
 * successful login forgets the user name's failures, not the address's: one good account must not reset the count of
 * an address that guesses others. Refused attempts are not failures: they cost nothing, and a client that retries
 * while refused does not push its own delay further.
 *
 * <p>The caller asks {@link #admit} before checking a password and, when admitted, reports {@link #failed},
 * {@link #succeeded} or {@link #abandoned}. While a key is in its delay phase only one attempt is admitted per delay: the admission itself
 * holds the key off for the next delay (as if the attempt failed) until the outcome is reported, so many threads
 * guessing at once still run bcrypt once per delay. Below the delay phase, simultaneous attempts all pass.
 *
 * <p>Pure and thread-safe; time comes from the clock given. The maps are bounded: past {@link #MAX_KEYS} keys, keys
 * that are neither held off nor counting towards it long are dropped first.
 */
public final class LoginThrottle {
    /** Keys kept per kind before stale and harmless ones are dropped. */
    static final int MAX_KEYS = 50_000;

    /**
     * How the throttle counts.
     *
     * @param enabled                    off: every attempt is admitted
     * @param failuresBeforeDelay        failures of a user name that cost no delay
     * @param addressFailuresBeforeDelay failures from a remote address that cost no delay (several agents may share
     *                                   an address behind NAT, so more than a user's)
     * @param maxDelaySeconds            the longest delay before the lockout
     * @param lockoutAfterFailures       failures of a user name from which each costs {@code lockoutSeconds}
     * @param lockoutSeconds             the lockout
     * @param windowSeconds              a key forgets its failures this long after the last one
     */
    public record Settings(boolean enabled, int failuresBeforeDelay, int addressFailuresBeforeDelay, int maxDelaySeconds,
                           int lockoutAfterFailures, int lockoutSeconds, int windowSeconds) {
        /** On: 5 free failures per user name, 20 per address, delays up to 60 s, 300 s lockout from 20 failures. */
        public static final Settings DEFAULTS = new Settings(true, 5, 20, 60, 20, 300, 900);
        /** Off. */
        public static final Settings OFF = new Settings(false, 5, 20, 60, 20, 300, 900);

        public Settings {
            if (failuresBeforeDelay < 1 || addressFailuresBeforeDelay < 1) {
                throw new IllegalArgumentException("failures before a delay must be at least 1");
            }
            if (maxDelaySeconds < 1 || lockoutSeconds < 1 || windowSeconds < 1) {
                throw new IllegalArgumentException("delays and windows must be at least 1 s");
            }
            if (lockoutAfterFailures < failuresBeforeDelay) {
                throw new IllegalArgumentException("the lockout cannot start before the delays");
            }
        }
    }

    /** Which limit refused an attempt. */
    public enum Limit {
        /** The user name's failures. */
        USER,
        /** The remote address's failures. */
        ADDRESS
    }

    /**
     * An attempt refused without checking the password.
     *
     * @param limit             whose failures refused it
     * @param retryAfterSeconds when an attempt may be admitted again, rounded up, at least 1
     * @param lockedOut         whether the key is past its lockout threshold rather than in its growing delays
     */
    public record Refusal(Limit limit, long retryAfterSeconds, boolean lockedOut) {
    }

    /** A key's failures; immutable, replaced atomically in its map. */
    private record Entry(int failures, Instant lastFailure, Instant notBefore) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final Map<String, Entry> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Whether an attempt for this user name from this address may check its password now. When admitted (empty), the
     * caller must report {@link #failed}, {@link #succeeded} or {@link #abandoned}.
     *
     * @param address the remote address, or {@code null} when unknown (then only the user name counts)
     */
    public Optional<Refusal> admit(String userName, String address) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Refusal byUser = refusal(users.get(userName), Limit.USER, now);
        Refusal byAddress = address == null ? null : refusal(addresses.get(address), Limit.ADDRESS, now);
        if (byUser != null || byAddress != null) {
            return Optional.of(longer(byUser, byAddress));
        }
        // Admitted: a key in its delay phase is held off for the next delay until the outcome is known.
        Refusal raced = hold(users, userName, Limit.USER, now);
        if (raced == null && address != null) {
            raced = hold(addresses, address, Limit.ADDRESS, now);
            if (raced != null) {
                release(users, userName, Limit.USER);
            }
        }
        return Optional.ofNullable(raced);
    }

    /** An admitted attempt's password was wrong (or its user unknown). */
    public void failed(String userName, String address) {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.instant();
        count(users, userName, Limit.USER, now);
        if (address != null) {
            count(addresses, address, Limit.ADDRESS, now);
        }
    }

    /** An admitted attempt's password was right: the user name's failures are forgotten, the address's kept. */
    public void succeeded(String userName, String address) {
        if (!settings.enabled()) {
            return;
        }
        users.remove(userName);
        if (address != null) {
            release(addresses, address, Limit.ADDRESS);
        }
    }

    /** An admitted attempt came to nothing (the check itself failed): its holds are released, nothing is counted. */
    public void abandoned(String userName, String address) {
        if (!settings.enabled()) {
            return;
        }
        release(users, userName, Limit.USER);
        if (address != null) {
            release(addresses, address, Limit.ADDRESS);
        }
    }

    /** The delay after a key's {@code failures}-th failure, for a key of this kind (zero while free). */
    Duration delay(Limit limit, int failures) {
        int free = free(limit);
        if (failures < free) {
            return Duration.ZERO;
        }
        if (failures >= lockoutAfter(limit)) {
            return Duration.ofSeconds(settings.lockoutSeconds());
        }
        int doublings = failures - free;
        long seconds = doublings >= 31 ? Long.MAX_VALUE : 1L << doublings;
        return Duration.ofSeconds(Math.min(seconds, settings.maxDelaySeconds()));
    }

    /** Keys currently kept, user names and addresses (for tests of the bound). */
    int keys() {
        return users.size() + addresses.size();
    }

    private int free(Limit limit) {
        return limit == Limit.USER ? settings.failuresBeforeDelay() : settings.addressFailuresBeforeDelay();
    }

    /** An address's lockout starts as many failures later as its free failures are more than a user name's. */
    private int lockoutAfter(Limit limit) {
        return settings.lockoutAfterFailures() + (free(limit) - settings.failuresBeforeDelay());
    }

    private Refusal refusal(Entry entry, Limit limit, Instant now) {
        if (entry == null || !entry.notBefore().isAfter(now)) {
            return null;
        }
        long millis = Duration.between(now, entry.notBefore()).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return new Refusal(limit, seconds, entry.failures() >= lockoutAfter(limit));
    }

    private static Refusal longer(Refusal first, Refusal second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return second.retryAfterSeconds() > first.retryAfterSeconds() ? second : first;
    }

    /**
     * Holds a key in its delay phase off for the delay its next failure would cost; returns a refusal when another
     * attempt held it first.
     */
    private Refusal hold(Map<String, Entry> map, String key, Limit limit, Instant now) {
        Refusal[] raced = new Refusal[1];
        map.computeIfPresent(key, (k, entry) -> {
            if (forgotten(entry, now)) {
                return null;
            }
            if (entry.failures() < free(limit)) {
                return entry;
            }
            if (entry.notBefore().isAfter(now)) {
                raced[0] = refusal(entry, limit, now);
                return entry;
            }
            return new Entry(entry.failures(), entry.lastFailure(), now.plus(delay(limit, entry.failures() + 1)));
        });
        return raced[0];
    }

    /** Undoes a hold: the key's delay runs from its last failure again. */
    private void release(Map<String, Entry> map, String key, Limit limit) {
        map.computeIfPresent(key, (k, entry) -> new Entry(entry.failures(), entry.lastFailure(),
                entry.lastFailure().plus(delay(limit, entry.failures()))));
    }

    private void count(Map<String, Entry> map, String key, Limit limit, Instant now) {
        if (map.size() >= MAX_KEYS && !map.containsKey(key)) {
            prune(map, now);
        }
        map.compute(key, (k, entry) -> {
            int failures = entry == null || forgotten(entry, now) ? 1 : entry.failures() + 1;
            return new Entry(failures, now, now.plus(delay(limit, failures)));
        });
    }

    private boolean forgotten(Entry entry, Instant now) {
        Instant window = entry.lastFailure().plusSeconds(settings.windowSeconds());
        return !now.isBefore(window) && !now.isBefore(entry.notBefore());
    }

    /**
     * Drops forgotten keys; if that is not enough, keys not held off (their failures are still free): a flood of
     * invented user names must not push out the keys that are being throttled.
     */
    private void prune(Map<String, Entry> map, Instant now) {
        map.values().removeIf(entry -> forgotten(entry, now));
        if (map.size() >= MAX_KEYS) {
            map.values().removeIf(entry -> !entry.notBefore().isAfter(now));
        }
    }
}
