package dev.switchboard.sip.auth;

import dev.switchboard.sip.CredentialProvider;
import dev.switchboard.sip.SipCredential;
import java.util.Optional;

/**
 * Server side of SIP digest authentication (RFC 3261 §22, RFC 2617): MD5 with {@code qop=auth} (the RFC 2069 form
 * without qop is accepted too, since some phones still send it).
 */
public final class DigestAuthenticator {

    /** The verdict on one request. */
    public enum Verdict {
        /** Credentials are right: the request comes from {@link Result#user()}. */
        AUTHENTICATED,
        /** No usable credentials (absent, other realm, not ours): challenge. */
        CHALLENGE,
        /** Right credentials on an expired nonce: challenge again with {@code stale=true}. */
        STALE,
        /** Wrong password or unknown user: 403, no new challenge. */
        FORBIDDEN
    }

    /** A verdict and, when authenticated, the user. */
    public record Result(Verdict verdict, String user) {
    }

    private final String realm;
    private final CredentialProvider credentials;
    private final NonceService nonces;

    public DigestAuthenticator(String realm, CredentialProvider credentials, NonceService nonces) {
        this.realm = realm;
        this.credentials = credentials;
        this.nonces = nonces;
    }

    public String realm() {
        return realm;
    }

    /** The value of a {@code WWW-Authenticate} or {@code Proxy-Authenticate} header with a fresh nonce. */
    public String challenge(boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonces.issue() + "\", algorithm=MD5, qop=\"auth\""
                + (stale ? ", stale=true" : "");
    }

    /**
     * Verifies the credentials a request carries.
     *
     * @param method the request method (part of HA2)
     * @param authorizationValue the Authorization or Proxy-Authorization header value, or null when absent
     */
    public Result verify(String method, String authorizationValue) {
        Optional<DigestParameters> parsed = DigestParameters.parse(authorizationValue);
        if (parsed.isEmpty()) {
            return new Result(Verdict.CHALLENGE, null);
        }
        DigestParameters digest = parsed.get();
        String user = digest.username();
        String algorithm = digest.get("algorithm");
        if (user == null || digest.get("response") == null || digest.get("uri") == null || !realm.equals(digest.realm())
                || (algorithm != null && !"MD5".equalsIgnoreCase(algorithm))) {
            return new Result(Verdict.CHALLENGE, null);
        }
        NonceService.Validity validity = nonces.check(digest.nonce());
        if (validity == NonceService.Validity.INVALID) {
            return new Result(Verdict.CHALLENGE, null);
        }
        Optional<SipCredential> credential = credentials.credentialOf(user);
        if (credential.isEmpty()) {
            return new Result(Verdict.FORBIDDEN, user);
        }
        String expected = expectedResponse(credential.get().ha1(user, realm), method, digest);
        if (expected == null || !java.security.MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                digest.get("response").toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return new Result(Verdict.FORBIDDEN, user);
        }
        // Only a right answer to an old nonce is stale: a wrong one stays forbidden whatever the nonce's age.
        return validity == NonceService.Validity.STALE ? new Result(Verdict.STALE, user) : new Result(Verdict.AUTHENTICATED, user);
    }

    /** The response a client knowing HA1 computes, or null for a qop we do not offer. */
    static String expectedResponse(String ha1, String method, DigestParameters digest) {
        String ha2 = Md5.hex(method + ":" + digest.get("uri"));
        String qop = digest.get("qop");
        if (qop == null) {
            return Md5.hex(ha1 + ":" + digest.nonce() + ":" + ha2);
        }
        if (!"auth".equalsIgnoreCase(qop) || digest.get("nc") == null || digest.get("cnonce") == null) {
            return null;
        }
        return Md5.hex(ha1 + ":" + digest.nonce() + ":" + digest.get("nc") + ":" + digest.get("cnonce") + ":auth:" + ha2);
    }
}
