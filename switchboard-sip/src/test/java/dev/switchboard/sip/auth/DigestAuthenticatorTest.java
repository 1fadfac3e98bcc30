package dev.switchboard.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sip.SipCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NonceService nonces = new NonceService(clock, Duration.ofMinutes(5));
    private final Map<String, SipCredential> accounts = Map.of("5001", SipCredential.password("password"),
            "5002", SipCredential.ha1(Md5.hex("5002:switchboard:secret")));
    private final DigestAuthenticator authenticator = new DigestAuthenticator("switchboard",
            user -> Optional.ofNullable(accounts.get(user)), nonces);

    @Test
    void rfc2617ExampleResponse() {
        // RFC 2617 §3.5, with the example's password "Circle Of Life".
        String ha1 = Md5.hex("Mufasa:testrealm@host.com:Circle Of Life");
        DigestParameters digest = DigestParameters.parse("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
                + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\"").orElseThrow();

        assertThat(DigestAuthenticator.expectedResponse(ha1, "GET", digest)).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rightPasswordIsAuthenticated() {
        String nonce = nonceOf(authenticator.challenge(false));

        DigestAuthenticator.Result result = authenticator.verify("REGISTER", answer("5001", "password", nonce, "REGISTER"));

        assertThat(result).isEqualTo(new DigestAuthenticator.Result(DigestAuthenticator.Verdict.AUTHENTICATED, "5001"));
    }

    @Test
    void storedHa1WorksLikeAPassword() {
        String nonce = nonceOf(authenticator.challenge(false));

        assertThat(authenticator.verify("INVITE", answer("5002", "secret", nonce, "INVITE")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.AUTHENTICATED);
    }

    @Test
    void wrongPasswordOrUnknownUserIsForbidden() {
        String nonce = nonceOf(authenticator.challenge(false));

        assertThat(authenticator.verify("REGISTER", answer("5001", "wrong", nonce, "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.FORBIDDEN);
        assertThat(authenticator.verify("REGISTER", answer("9999", "password", nonce, "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.FORBIDDEN);
    }

    @Test
    void theMethodIsPartOfTheAnswer() {
        String nonce = nonceOf(authenticator.challenge(false));

        assertThat(authenticator.verify("INVITE", answer("5001", "password", nonce, "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.FORBIDDEN);
    }

    @Test
    void missingForeignOrForgedNoncesAreChallenged() {
        assertThat(authenticator.verify("REGISTER", null).verdict()).isEqualTo(DigestAuthenticator.Verdict.CHALLENGE);
        assertThat(authenticator.verify("REGISTER", "Basic abc").verdict()).isEqualTo(DigestAuthenticator.Verdict.CHALLENGE);
        assertThat(authenticator.verify("REGISTER", answer("5001", "password", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "REGISTER"))
                .verdict()).isEqualTo(DigestAuthenticator.Verdict.CHALLENGE);
        NonceService otherProcess = new NonceService(clock, Duration.ofMinutes(5));
        assertThat(authenticator.verify("REGISTER", answer("5001", "password", otherProcess.issue(), "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.CHALLENGE);
    }

    @Test
    void anOldNonceIsStaleOnlyWithTheRightPassword() {
        String nonce = nonceOf(authenticator.challenge(false));
        clock.advance(Duration.ofMinutes(6));

        assertThat(authenticator.verify("REGISTER", answer("5001", "password", nonce, "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.STALE);
        assertThat(authenticator.verify("REGISTER", answer("5001", "wrong", nonce, "REGISTER")).verdict())
                .isEqualTo(DigestAuthenticator.Verdict.FORBIDDEN);
        assertThat(authenticator.challenge(true)).contains("stale=true", "qop=\"auth\"", "algorithm=MD5");
    }

    /** What a phone sends back: qop=auth, nc and cnonce, as baresip does. */
    static String answer(String user, String password, String nonce, String method) {
        String uri = "sip:127.0.0.1:5060";
        String ha1 = Md5.hex(user + ":switchboard:" + password);
        String ha2 = Md5.hex(method + ":" + uri);
        String response = Md5.hex(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"switchboard\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"c0ffee\", qop=auth, nc=00000001";
    }

    static String nonceOf(String challenge) {
        return DigestParameters.parse(challenge).orElseThrow().nonce();
    }
}
