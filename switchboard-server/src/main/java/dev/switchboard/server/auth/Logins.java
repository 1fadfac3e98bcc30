package dev.switchboard.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.core.directory.User;

/**
 * Every password check of the server: the {@link LoginThrottle} first, then {@link Credentials}. Used by the REST
 * filter for HTTP Basic and by the CometD security policy for a handshake with Basic, so both count towards the same
 * limits.
 */
public final class Logins {
    private final Credentials credentials;
    private final LoginThrottle throttle;
    private final AtomicLong throttled = new AtomicLong();

    public Logins(Credentials credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    /** What a login attempt came to. */
    public sealed interface Result permits Accepted, Rejected, Throttled {
    }

    /** The password is right. */
    public record Accepted(User user) implements Result {
    }

    /** The user name is unknown or the password wrong; it counts as a failure. */
    public record Rejected() implements Result {
    }

    /** Refused without checking the password: too many failures of the user name or from the address. */
    public record Throttled(LoginThrottle.Refusal refusal) implements Result {
        /** The {@code statusMessage} of the refusal, naming the user name as given and when to try again. */
        public String message(String userName) {
            return (refusal.limit() == LoginThrottle.Limit.USER ? "Too many failed logins for user " + userName
                    : "Too many failed logins from this address") + "; try again in " + refusal.retryAfterSeconds() + " s";
        }
    }

    /**
     * Checks a user name and password given by {@code address}.
     *
     * @param address the client's address, or {@code null} when unknown
     */
    public Result login(String userName, String password, String address) {
        String key = addressKey(address);
        Optional<LoginThrottle.Refusal> refusal = throttle.admit(userName, key);
        if (refusal.isPresent()) {
            throttled.incrementAndGet();
            return new Throttled(refusal.get());
        }
        Optional<User> user;
        try {
            user = credentials.authenticate(userName, password);
        } catch (RuntimeException failure) {
            throttle.abandoned(userName, key);
            throw failure;
        }
        if (user.isEmpty()) {
            throttle.failed(userName, key);
            return new Rejected();
        }
        throttle.succeeded(userName, key);
        return new Accepted(user.get());
    }

    /**
     * The throttle's key for a remote address: IPv4 as is; IPv6 (with or without brackets) by its /64 prefix, since one
     * host may use any address of its /64.
     */
    static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            return literal;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            byte[] prefix = new byte[16];
            System.arraycopy(bytes, 0, prefix, 0, 8);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException notALiteral) {
            return literal;
        }
    }

    /** Passwords checked with bcrypt so far. */
    public long passwordChecks() {
        return credentials.passwordChecks();
    }

    /** Attempts refused by the throttle so far. */
    public long throttled() {
        return throttled.get();
    }
}
