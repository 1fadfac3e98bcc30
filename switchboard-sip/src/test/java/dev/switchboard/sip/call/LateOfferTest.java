package dev.switchboard.sip.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.support.RawUdp;
import dev.switchboard.sip.support.TestSipServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An INVITE without SDP: we offer in the 200 and read the caller's answer from its ACK. */
class LateOfferTest {

    @Test
    void theAnswerInTheAckDecidesTheCodec() throws Exception {
        try (TestSipServer sip = TestSipServer.start(); RawUdp udp = new RawUdp(sip.port())) {
            String invite = udp.request("INVITE", sip.uri("7000"), "late-1@test", "", null);
            udp.send(invite);

            String ok = udp.receiveFinal(3000);
            while (ok != null && ok.startsWith("SIP/2.0 180")) {
                ok = udp.receiveFinal(3000);
            }
            assertThat(ok).startsWith("SIP/2.0 200").contains("m=audio 40000 RTP/AVP 0 8 101");
            String to = ok.lines().filter(line -> line.startsWith("To:")).findFirst().orElseThrow();
            String answer = "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
            udp.send(inDialog(udp, "ACK", sip, to, "1 ACK", "Content-Type: application/sdp\r\n", answer));

            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("answered PCMA") == 1);
            assertThat(sip.events.lastMedia().remotePort()).isEqualTo(4000);

            udp.send(inDialog(udp, "BYE", sip, to, "2 BYE", "", null));
            assertThat(udp.receiveFinal(3000)).startsWith("SIP/2.0 200");
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("released REMOTE_HANGUP") == 1);
            sip.assertDrained();
        }
    }

    private static String inDialog(RawUdp udp, String method, TestSipServer sip, String to, String cseq, String headers,
                                   String body) {
        return udp.request(method, "sip:switchboard@127.0.0.1:" + sip.port(), "late-1@test", headers, body)
                .replaceFirst("To: [^\r]*", to)
                .replaceFirst("CSeq: [^\r]*", "CSeq: " + cseq);
    }
}
