package dev.switchboard.sip.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.CallParty;
import dev.switchboard.sip.DialRequest;
import dev.switchboard.sip.LegState;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.Trunk;
import dev.switchboard.sip.sdp.Codec;
import dev.switchboard.sip.support.ExternalProcess;
import dev.switchboard.sip.support.LegEvents;
import dev.switchboard.sip.support.Sipp;
import dev.switchboard.sip.support.TestSipServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B2BUA legs against sipp: inbound load, CANCEL, in-dialog hold/INFO/UPDATE, session timers, outbound hold and BYE. */
class CallSippTest {

    @TempDir
    Path dir;

    @Test
    void fortyTrunkCallsAreAnsweredAndReleasedAtTwentyPerSecond() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp.Result result = new Sipp(dir).run("127.0.0.1:" + sip.port(),
                    List.of("-sn", "uac", "-s", "7000", "-m", "40", "-r", "20", "-l", "20", "-d", "200"), 30);

            assertThat(result.exitCode()).as(result.log()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("released REMOTE_HANGUP") == 40);
            assertThat(sip.events.count("answered PCMU")).isEqualTo(40);
            assertThat(sip.callers).allMatch(c -> c.equals("INBOUND_TRUNK sipp -> 7000"));
            sip.assertDrained();
        }
    }

    @Test
    void aCallerCancellingWhileItRingsGets487() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp sipp = new Sipp(dir);
            Sipp.Result result = sipp.run("127.0.0.1:" + sip.port(),
                    List.of("-sf", sipp.scenario("uac_cancel").toString(), "-s", TestSipServer.RING_ONLY, "-m", "1"), 15);

            assertThat(result.exitCode()).as(result.log()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("released REMOTE_CANCEL") == 1);
            sip.assertDrained();
        }
    }

    @Test
    void holdDtmfOptionsUpdateAndUnsupportedMethodsInTheDialog() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp sipp = new Sipp(dir);
            Sipp.Result result = sipp.run("127.0.0.1:" + sip.port(),
                    List.of("-sf", sipp.scenario("uac_hold").toString(), "-s", "7000", "-m", "1"), 15);

            assertThat(result.exitCode()).as(result.log()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("released") == 1);
            assertThat(sip.events.kinds()).containsExactly("answered PCMA", "mediaChanged hold=true", "dtmf 5",
                    "mediaChanged hold=false", "released REMOTE_HANGUP");
            assertThat(sip.events.lastMedia().telephoneEventPayloadType()).isEqualTo(101);
            sip.assertDrained();
        }
    }

    @Test
    void acceptsAndRefreshesTheCallersSessionTimer() throws Exception {
        try (TestSipServer sip = TestSipServer.start(config -> config.withMinSessionExpires(1)
                .withTrunks(List.of(new Trunk("test", List.of("127.0.0.1"), null))), Clock.systemUTC())) {
            Sipp sipp = new Sipp(dir);
            Sipp.Result result = sipp.run("127.0.0.1:" + sip.port(),
                    List.of("-sf", sipp.scenario("uac_session_timer").toString(), "-s", "7000", "-m", "1"), 15);

            assertThat(result.exitCode()).as(result.log()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.events.count("released REMOTE_HANGUP") == 1);
            sip.assertDrained();
        }
    }

    @Test
    void dialsATrunkWithAutoAnswerHeadersHoldsAndHangsUp() throws Exception {
        int peerPort = freeUdpPort();
        try (TestSipServer sip = TestSipServer.start(config -> config.withTrunks(List.of(
                new Trunk("peer", List.of("127.0.0.1:" + peerPort), "sip:{number}@127.0.0.1:" + peerPort))), Clock.systemUTC())) {
            Sipp sipp = new Sipp(dir);
            try (ExternalProcess peer = sipp.start(List.of("-sf", sipp.scenario("uas_hold").toString(), "-p",
                    String.valueOf(peerPort), "-m", "1", "-timeout", "20s", "-timeout_error"))) {
                LegEvents events = new LegEvents();
                awaitListening(peerPort);
                SipLeg leg = sip.server().dial(DialRequest.toTrunk("5551234", new CallParty("5001", "Agent", null),
                        sip.localMedia(), events).withAutoAnswer("127.0.0.1"));

                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("answered") == 1);
                assertThat(events.kinds()).containsExactly("ringing", "answered PCMU");
                assertThat(leg.state()).isEqualTo(LegState.CONNECTED);
                assertThat(leg.media()).get().satisfies(media -> {
                    assertThat(media.codec()).isEqualTo(Codec.PCMU);
                    assertThat(media.remotePort()).isEqualTo(6000);
                    assertThat(media.telephoneEventPayloadType()).isEqualTo(101);
                });

                leg.answerRemotely();
                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("remoteAnswerRefused 489") == 1);
                leg.hold();
                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("held") == 1);
                leg.release();

                assertThat(peer.waitFor(10)).as(peer.output()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("released") == 1);
                assertThat(events.kinds()).containsExactly("ringing", "answered PCMU", "remoteAnswerRefused 489", "held",
                        "released LOCAL");
            }
            sip.assertDrained();
        }
    }

    @Test
    void aRingingPhoneThatAllowsTalkIsAnsweredRemotely() throws Exception {
        int peerPort = freeUdpPort();
        try (TestSipServer sip = TestSipServer.start(config -> config.withTrunks(List.of(
                new Trunk("peer", List.of("127.0.0.1:" + peerPort), "sip:{number}@127.0.0.1:" + peerPort))), Clock.systemUTC())) {
            Sipp sipp = new Sipp(dir);
            try (ExternalProcess peer = sipp.start(List.of("-sf", sipp.scenario("uas_talk").toString(), "-p",
                    String.valueOf(peerPort), "-m", "1", "-timeout", "20s", "-timeout_error"))) {
                LegEvents events = new LegEvents();
                awaitListening(peerPort);
                SipLeg leg = sip.server().dial(DialRequest.toTrunk("5551234", new CallParty("5001", null, null),
                        sip.localMedia(), events));
                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("ringing") == 1);

                leg.answerRemotely();

                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("answered") == 1);
                leg.release();
                assertThat(peer.waitFor(10)).as(peer.output()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> events.count("released") == 1);
                assertThat(events.kinds()).containsExactly("ringing", "answered PCMU", "released LOCAL");
            }
            sip.assertDrained();
        }
    }

    @Test
    void dialingAnUnregisteredPhoneFailsWith480() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            LegEvents events = new LegEvents();
            sip.server().dial(DialRequest.toPhone("5009", new CallParty("7000", null, null), sip.localMedia(), events));

            await().atMost(Duration.ofSeconds(5)).until(() -> events.count("failed 480") == 1);
            sip.assertDrained();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** sipp as UAS binds its port a moment after starting: wait until the port is taken. */
    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return false;
            } catch (java.net.BindException taken) {
                return true;
            }
        });
    }
}
