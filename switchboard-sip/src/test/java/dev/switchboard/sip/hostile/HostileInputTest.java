package dev.switchboard.sip.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sip.support.RawUdp;
import dev.switchboard.sip.support.Sipp;
import dev.switchboard.sip.support.TestSipServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and unwelcome input from raw UDP sockets and sipp: each message is answered as RFC 3261 says or dropped,
 * no handler ever throws, and no dialog, transaction or leg is left behind.
 */
class HostileInputTest {

    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";

    @TempDir
    Path dir;

    private TestSipServer sip;
    private RawUdp udp;

    @BeforeEach
    void start() throws Exception {
        sip = TestSipServer.start();
        udp = new RawUdp(sip.port());
    }

    @AfterEach
    void stop() {
        udp.close();
        sip.close();
    }

    @Test
    void garbageAndBrokenFramingAreDroppedAndTheServerKeepsAnswering() throws Exception {
        byte[] noise = new byte[1200];
        ThreadLocalRandom.current().nextBytes(noise);
        udp.send(noise);
        udp.send("\r\n\r\n");
        udp.send("INVITE\r\n\r\n");
        udp.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\n\r\n");
        udp.send(udp.request("OPTIONS", sip.uri("7000"), "no-via@test", "", null).replaceFirst("Via: [^\r]*\r\n", ""));
        udp.send(udp.request("OPTIONS", sip.uri("7000"), "bad-cl@test", "", null).replace("Content-Length: 0", "Content-Length: 900"));
        udp.send(udp.request("INVITE", sip.uri("7000"), "bad-cseq@test", "", SDP).replace("CSeq: 1 INVITE", "CSeq: x INVITE"));
        udp.send(udp.request("INVITE", "sip:%%%@", "bad-uri@test", "", SDP));

        String responses = drain();
        assertThat(responses).doesNotContain("SIP/2.0 200", "SIP/2.0 5");
        assertOptionsStillAnswered();
        sip.assertDrained();
    }

    @Test
    void unknownMethodsAre501AndUnsupportedOnes405() throws Exception {
        assertThat(ask("FROBNICATE", "m1@test", "", null)).startsWith("SIP/2.0 501");
        assertThat(ask("SUBSCRIBE", "m2@test", "Event: presence\r\n", null)).startsWith("SIP/2.0 405").contains("Allow: INVITE");
        assertThat(ask("MESSAGE", "m3@test", "Content-Type: text/plain\r\n", "hi")).startsWith("SIP/2.0 405");
        assertThat(ask("BYE", "m4@test", "", null)).startsWith("SIP/2.0 481");
        assertThat(ask("CANCEL", "m5@test", "", null)).startsWith("SIP/2.0 481");
        assertThat(ask("INFO", "m6@test", "", null)).startsWith("SIP/2.0 481");
        udp.send(udp.request("ACK", sip.uri("7000"), "m7@test", "", null));
        assertThat(udp.receive(300)).as("stray ACK").isNull();
        sip.assertDrained();
    }

    @Test
    void badInvitesGetTheirStatus() throws Exception {
        assertThat(ask("INVITE", "i1@test", "Content-Type: application/sdp\r\n", "v=0\r\nthis is not sdp\r\n"))
                .startsWith("SIP/2.0 400");
        assertThat(ask("INVITE", "i2@test", "Content-Type: application/sdp\r\n", SDP.replace("RTP/AVP 0", "RTP/AVP 9")))
                .startsWith("SIP/2.0 488");
        assertThat(udpAsk("INVITE", "sip:404@127.0.0.1:" + sip.port(), "i3@test", "Content-Type: application/sdp\r\n", SDP))
                .startsWith("SIP/2.0 404");
        assertThat(ask("INVITE", "i4@test", "Session-Expires: 30\r\nContent-Type: application/sdp\r\n", SDP))
                .startsWith("SIP/2.0 422").contains("Min-SE: 90");
        assertThat(ask("INVITE", "i5@test", "Content-Type: application/sdp\r\n", SDP + "a=x:" + "y".repeat(20_000) + "\r\n"))
                .startsWith("SIP/2.0 413");
        assertThat(ask("INVITE", "i6@test", "Proxy-Authorization: Digest username=\"5001\", realm=\"switchboard\", "
                + "nonce=\"forged\", uri=\"sip:7000@127.0.0.1\", response=\"00\"\r\nContent-Type: application/sdp\r\n", SDP))
                .startsWith("SIP/2.0 407").contains("Proxy-Authenticate: Digest");
        assertThat(sip.incoming).isEmpty();
        sip.assertDrained();
    }

    @Test
    void inviteFloodsFromUnlistedSourcesAreRefusedAndLeaveNothing() throws Exception {
        sip.close();
        sip = TestSipServer.start(config -> config.withTrunks(List.of()), Clock.systemUTC());
        udp.close();
        udp = new RawUdp(sip.port());
        // Bursts of 20 (a socket buffer may drop datagrams of a larger burst, which UDP allows): each is refused.
        int forbidden = 0;
        for (int burst = 0; burst < 15; burst++) {
            for (int i = 0; i < 20; i++) {
                udp.send(udp.request("INVITE", sip.uri("7000"), "flood-" + burst + "-" + i + "@test",
                        "Content-Type: application/sdp\r\n", SDP));
            }
            String response;
            int answered = 0;
            while (answered < 20 && (response = udp.receive(2000)) != null) {
                assertThat(response).startsWith("SIP/2.0 403");
                answered++;
            }
            forbidden += answered;
        }
        assertThat(forbidden).isEqualTo(300);

        Sipp.Result sipp = new Sipp(dir).run("127.0.0.1:" + sip.port(),
                List.of("-sn", "uac", "-s", "7000", "-m", "200", "-r", "200", "-l", "200"), 20);
        assertThat(sipp.log()).contains("403");
        assertThat(sip.incoming).isEmpty();
        assertOptionsStillAnswered();
        sip.assertDrained();
    }

    private String ask(String method, String callId, String headers, String body) throws Exception {
        return udpAsk(method, sip.uri("7000"), callId, headers, body);
    }

    private String udpAsk(String method, String uri, String callId, String headers, String body) throws Exception {
        udp.send(udp.request(method, uri, callId, headers, body));
        String response = udp.receiveFinal(3000);
        assertThat(response).as(method + " " + callId + " answered").isNotNull();
        return response;
    }

    private void assertOptionsStillAnswered() throws Exception {
        assertThat(ask("OPTIONS", "alive@test", "", null)).startsWith("SIP/2.0 200");
    }

    private String drain() throws Exception {
        StringBuilder all = new StringBuilder();
        String response;
        while ((response = udp.receive(500)) != null) {
            all.append(response.getBytes(StandardCharsets.UTF_8).length > 0 ? response.lines().findFirst().orElse("") : "")
                    .append('\n');
        }
        return all.toString();
    }
}
