package dev.switchboard.sip.auth;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces: the issue time plus an HMAC of it under a per-process secret. Nothing is stored per
 * challenge, so a flood of unauthenticated requests costs no memory; a nonce past its lifetime is recognised as
 * ours but stale, which lets the client retry without asking its user again ({@code stale=true}).
 */
public final class NonceService {

    /** What a nonce turned out to be. */
    public enum Validity {
        VALID,
        STALE,
        INVALID
    }

    private static final int TIME_BYTES = Long.BYTES;
    private static final int MAC_BYTES = 16;

    private final Clock clock;
    private final long lifetimeMillis;
    private final SecretKeySpec key;

    public NonceService(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String issue() {
        ByteBuffer buffer = ByteBuffer.allocate(TIME_BYTES + MAC_BYTES);
        long now = clock.millis();
        buffer.putLong(now);
        buffer.put(mac(now));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    public Validity check(String nonce) {
        if (nonce == null) {
            return Validity.INVALID;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Validity.INVALID;
        }
        if (bytes.length != TIME_BYTES + MAC_BYTES) {
            return Validity.INVALID;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long issued = buffer.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        if (!java.security.MessageDigest.isEqual(mac, mac(issued))) {
            return Validity.INVALID;
        }
        long age = clock.millis() - issued;
        return age >= 0 && age <= lifetimeMillis ? Validity.VALID : Validity.STALE;
    }

    private byte[] mac(long issued) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            byte[] full = hmac.doFinal(ByteBuffer.allocate(TIME_BYTES).putLong(issued).array());
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
