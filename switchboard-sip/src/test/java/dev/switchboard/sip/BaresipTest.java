package dev.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.sdp.Codec;
import dev.switchboard.sip.support.BaresipPhone;
import dev.switchboard.sip.support.LegEvents;
import dev.switchboard.sip.support.TestSipServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real softphones: baresip registers with its digest password, is called with auto-answer headers, and calls in. */
class BaresipTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** baresip registers as it starts, before our ctrl_tcp connection can hear REGISTER_OK: ask the registrar. */
    private static void awaitRegistered(TestSipServer sip, String dn) {
        await("registered " + dn).atMost(WAIT).until(() -> sip.server().isRegistered(dn));
    }

    @Test
    void aPhoneRegistersIsSeenAndUnregistersWhenItQuits() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            try (BaresipPhone phone = BaresipPhone.start(dir.resolve("5001"), "5001", sip.port(),
                    "auth_pass=password;regint=600;answermode=manual")) {
                awaitRegistered(sip, "5001");
                assertThat(sip.server().isRegistered("5001")).isTrue();
                assertThat(sip.server().bindings("5001")).singleElement()
                        .satisfies(binding -> assertThat(binding.contactUri()).startsWith("sip:5001-"));

                assertThat(phone.quit()).as(phone.log()).isZero();
            }
            assertThat(sip.server().isRegistered("5001")).isFalse();
            assertThat(sip.registrations).containsExactly("registered 5001", "unregistered 5001");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtOnce() throws Exception {
        try (TestSipServer sip = TestSipServer.start();
             BaresipPhone phone = BaresipPhone.start(dir.resolve("5002"), "5002", sip.port(),
                     "auth_pass=wrong;regint=600;answermode=manual")) {
            // The phone registers as it starts, often before our ctrl_tcp connection exists to hear REGISTER_FAIL.
            await().atMost(WAIT).until(() -> phone.sawEvent("REGISTER_FAIL") || phone.log().contains("403 Forbidden"));
            assertThat(sip.server().isRegistered("5002")).isFalse();
            assertThat(sip.registrations).isEmpty();
        }
    }

    @Test
    void aSupervisorPhoneIsCalledWithAutoAnswerHeadersAnswersAndIsHungUp() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            // answermode=auto: baresip 1.0.0 does not act on Call-Info/Alert-Info itself (tried: with answermode=manual it
            // only rings). That the headers go out is checked against sipp in CallSippTest.
            try (BaresipPhone phone = BaresipPhone.start(dir.resolve("5003"), "5003", sip.port(),
                    "auth_pass=password;regint=600;answermode=auto")) {
                awaitRegistered(sip, "5003");
                LegEvents events = new LegEvents();

                SipLeg leg = sip.server().dial(DialRequest.toPhone("5003", new CallParty("7000", "Monitoring", null),
                        sip.localMedia(), events).withAutoAnswer("127.0.0.1"));

                await().atMost(WAIT).until(() -> events.count("answered") == 1);
                phone.awaitEvent("CALL_ESTABLISHED", WAIT);
                assertThat(leg.media()).get().satisfies(media -> {
                    assertThat(media.codec()).isEqualTo(Codec.PCMU);
                    assertThat(media.remoteAddress()).isEqualTo("127.0.0.1");
                    assertThat(media.telephoneEventPayloadType()).isPositive();
                });

                leg.release();
                phone.awaitEvent("CALL_CLOSED", WAIT);
                await().atMost(WAIT).until(() -> events.count("released LOCAL") == 1);

                SipLeg second = sip.server().dial(DialRequest.toPhone("5003", new CallParty("7000", null, null),
                        sip.localMedia(), events).withAutoAnswer("127.0.0.1"));
                await().atMost(WAIT).until(() -> events.count("answered") == 2);
                phone.command("hangup", null);
                await().atMost(WAIT).until(() -> events.count("released REMOTE_HANGUP") == 1);
                assertThat(second.state()).isEqualTo(LegState.ENDED);
                phone.quit();
            }
            sip.assertDrained();
        }
    }

    @Test
    void aRingingPhoneIsCancelled() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            try (BaresipPhone phone = BaresipPhone.start(dir.resolve("5005"), "5005", sip.port(),
                    "auth_pass=password;regint=600;answermode=manual")) {
                awaitRegistered(sip, "5005");
                LegEvents events = new LegEvents();

                SipLeg leg = sip.server().dial(DialRequest.toPhone("5005", new CallParty("7000", null, null), sip.localMedia(),
                        events));
                await().atMost(WAIT).until(() -> events.count("ringing") == 1);
                leg.release();

                await().atMost(WAIT).until(() -> events.count("failed 487") == 1);
                phone.awaitEvent("CALL_CLOSED", WAIT);
                phone.quit();
            }
            sip.assertDrainedButTimerD();
        }
    }

    @Test
    void aPhoneCallsInIsChallengedAndGets200() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            try (BaresipPhone phone = BaresipPhone.start(dir.resolve("5004"), "5004", sip.port(),
                    "auth_pass=password;regint=600;answermode=manual")) {
                awaitRegistered(sip, "5004");

                phone.command("dial", "sip:7000@127.0.0.1:" + sip.port());

                phone.awaitEvent("CALL_ESTABLISHED", WAIT);
                assertThat(sip.callers).containsExactly("INBOUND_PHONE 5004 -> 7000");
                await().atMost(WAIT).until(() -> sip.events.count("answered PCMU") == 1);
                phone.command("hangup", null);
                await().atMost(WAIT).until(() -> sip.events.count("released REMOTE_HANGUP") == 1);
                phone.quit();
            }
            sip.assertDrained();
        }
    }
}
