package dev.switchboard.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sip.RegistrationListener;
import dev.switchboard.sip.SipCredential;
import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.auth.DigestAuthenticator;
import dev.switchboard.sip.auth.DigestParameters;
import dev.switchboard.sip.auth.Md5;
import dev.switchboard.sip.auth.MutableClock;
import dev.switchboard.sip.auth.NonceService;
import dev.switchboard.sip.stack.SipMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.SipFactory;
import javax.sip.header.ContactHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registrar on parsed messages and a fake clock: no sockets, every rule of RFC 3261 §10.3 we keep. */
class RegistrarTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> reports = new ArrayList<>();
    private Registrar registrar;
    private MessageFactory messageFactory;
    private int cseq;

    @BeforeEach
    void setUp() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messageFactory = factory.createMessageFactory();
        SipMessages messages = new SipMessages(messageFactory, factory.createHeaderFactory(), factory.createAddressFactory(),
                "test");
        SipServerConfig config = SipServerConfig.of("127.0.0.1", 5060).withExpires(60, 3600, 3600);
        DigestAuthenticator authenticator = new DigestAuthenticator("switchboard",
                user -> user.startsWith("50") ? Optional.of(SipCredential.password("password")) : Optional.empty(),
                new NonceService(clock, Duration.ofMinutes(5)));
        registrar = new Registrar(config, authenticator, new BindingTable(clock), new RegistrationListener() {
            @Override
            public void registered(String aor) {
                reports.add("registered " + aor);
            }

            @Override
            public void unregistered(String aor) {
                reports.add("unregistered " + aor);
            }
        }, messages);
    }

    @Test
    void theExpiresHeaderAppliesWhenTheContactHasNoneAndLongOnesAreCut() throws Exception {
        Response ok = register("5001", "<sip:5001@127.0.0.1:5170>", "Expires: 7200\r\n");

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(((ContactHeader) ok.getHeader(ContactHeader.NAME)).getExpires()).isEqualTo(3600);
        assertThat(ok.getHeader("Date")).isNotNull();
        assertThat(reports).containsExactly("registered 5001");
    }

    @Test
    void theOkListsEveryCurrentBindingAndAQueryChangesNothing() throws Exception {
        register("5001", "<sip:a@127.0.0.1:5170>;expires=600", "");
        register("5001", "<sip:b@127.0.0.1:5172>;expires=900", "");

        Response query = register("5001", null, "");

        assertThat(query.getStatusCode()).isEqualTo(200);
        List<String> contacts = new ArrayList<>();
        query.getHeaders(ContactHeader.NAME).forEachRemaining(h -> contacts.add(((ContactHeader) h).getAddress().getURI()
                + ";" + ((ContactHeader) h).getExpires()));
        assertThat(contacts).containsExactly("sip:b@127.0.0.1:5172;900", "sip:a@127.0.0.1:5170;600");
        assertThat(reports).containsExactly("registered 5001");
    }

    @Test
    void starRemovesEverythingButOnlyWithExpiresZero() throws Exception {
        register("5001", "<sip:a@127.0.0.1:5170>;expires=600", "");

        assertThat(register("5001", "*", "Expires: 60\r\n").getStatusCode()).isEqualTo(400);
        assertThat(register("5001", "*", "Expires: 0\r\n").getStatusCode()).isEqualTo(200);

        assertThat(reports).containsExactly("registered 5001", "unregistered 5001");
    }

    @Test
    void tooBriefIs423WithMinExpiresAndNothingIsBound() throws Exception {
        Response tooBrief = register("5001", "<sip:a@127.0.0.1:5170>;expires=30", "");

        assertThat(tooBrief.getStatusCode()).isEqualTo(423);
        assertThat(SipMessages.value(tooBrief, "Min-Expires")).isEqualTo("60");
        assertThat(reports).isEmpty();
    }

    @Test
    void registeringSomeoneElsesAorIsForbidden() throws Exception {
        String nonce = challengeNonce("5002");

        Response forbidden = registrar.register(request("5002", "<sip:x@127.0.0.1:5170>", "", authorization("5001", nonce)),
                "127.0.0.1", 5170);

        assertThat(forbidden.getStatusCode()).isEqualTo(403);
    }

    @Test
    void anExpiredNonceIsChallengedAgainWithStale() throws Exception {
        String nonce = challengeNonce("5001");
        clock.advance(Duration.ofMinutes(6));

        Response stale = registrar.register(request("5001", "<sip:a@127.0.0.1:5170>", "", authorization("5001", nonce)),
                "127.0.0.1", 5170);

        assertThat(stale.getStatusCode()).isEqualTo(401);
        assertThat(SipMessages.value(stale, "WWW-Authenticate")).contains("stale=true");
    }

    /** Challenge, then the same request with credentials, as a phone does. */
    private Response register(String user, String contact, String headers) throws Exception {
        return registrar.register(request(user, contact, headers, authorization(user, challengeNonce(user))), "127.0.0.1", 5170);
    }

    private String challengeNonce(String user) throws Exception {
        Response challenge = registrar.register(request(user, "<sip:a@127.0.0.1:5170>", "", null), "127.0.0.1", 5170);
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        return DigestParameters.parse(SipMessages.value(challenge, "WWW-Authenticate")).orElseThrow().nonce();
    }

    private Request request(String user, String contact, String headers, String authorization) throws Exception {
        cseq++;
        String text = "REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5170;branch=z9hG4bK" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=t1\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: reg-" + user + "@test\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + (contact == null ? "" : "Contact: " + contact + "\r\n")
                + headers
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return messageFactory.createRequest(text);
    }

    private static String authorization(String user, String nonce) {
        String uri = "sip:127.0.0.1:5060";
        String ha1 = Md5.hex(user + ":switchboard:password");
        String response = Md5.hex(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + Md5.hex("REGISTER:" + uri));
        return "Digest username=\"" + user + "\", realm=\"switchboard\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"c0ffee\", qop=auth, nc=00000001";
    }
}
