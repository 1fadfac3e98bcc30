package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.telephony.Switch;
import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.sip.SipStats;
import dev.switchboard.sip.support.ExternalProcess;
import dev.switchboard.sip.support.ExternalTool;
import dev.switchboard.sip.support.Sipp;

/**
 * sipp against the whole server with phones (decisions §9): a registration storm, calls at load from the trunk to
 * registered sipp phones, RTP from a wrong source, and hostile input at the SIP port. After each, the GWS REST API
 * still answers, every device shows the {@code deviceState} its registrations give it, and nothing is left behind: no
 * leg, room or RTP port in the adapter, no call on the switch, no leg or handler failure in the SIP layer.
 *
 * <p>SIP dialogs and INVITE server transactions linger after a call (JAIN-SIP's linger timer and Timer L, about 32 s
 * in all, measured): waiting for {@link SipStats#isIdle()} would triple the class's time, so the checks after each test
 * are the adapter's usage, the switch's calls, and the SIP layer's legs, pinned routes and handler failures.
 *
 * <p>The test server's trunk is {@code 127.0.0.1:TRUNK_PORT}: only a socket bound to that port is a customer; any other
 * port on 127.0.0.1 is an unlisted source.
 */
@Timeout(90)
class SippThroughServerTest {
    private static final List<String> DNS = List.of("5001", "5002", "5003", "5004", "5005", "5006", "5007", "5101", "5102", "5103");
    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";
    private static final String SDP_TYPE = "Content-Type: application/sdp\r\n";

    @TempDir
    static Path dataDir;
    @TempDir
    Path dir;

    private static SwitchboardServer server;
    private static HttpClient http;
    private static int trunkPort;
    private static GwsClient admin;

    @BeforeAll
    static void startServer() throws Exception {
        trunkPort = freeUdpPort();
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        ContactCenterConfig.SipConfig sip = demo.sip().withPort(0).withRtpPorts("27000-27999");
        sip = new ContactCenterConfig.SipConfig(sip.port(), sip.host(), sip.rtpPorts(),
                List.of(new ContactCenterConfig.TrunkConfig("customers", List.of("127.0.0.1:" + trunkPort), null)),
                sip.inactivitySeconds());
        server = SwitchboardServer.start(new SwitchboardServer.Options(demo.withSip(sip), dataDir, 0, null, 0).withPhones(true));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.BASIC);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void needsSipp() {
        ExternalTool.sipp();
    }

    @AfterEach
    void nothingLeftAndTheServerStillAnswers() throws Exception {
        SipPhones phones = server.phones().orElseThrow();
        await("every leg, room and RTP port freed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phones.usage()).isEqualTo(new SipPhones.Usage(0, 0, 0)));
        await("no call left on the switch").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(liveCalls()).isZero());
        await("no SIP leg or pinned route left").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(sipStats()).extracting(SipStats::legs, SipStats::pinnedRoutes).containsExactly(0, 0));
        assertThat(sipStats().handlerFailures()).as("SIP handler failures (exceptions caught by the dispatcher)").isZero();
        assertThat(admin.get("/api/v2/me").assertOk().body().path("user").path("userName").asText()).isEqualTo("admin");
    }

    // ---- 1. registration storm ----

    @Test
    void aRegistrationStormLeavesEveryDeviceInItsState() throws Exception {
        unregisterAll(DNS);
        long start = System.nanoTime();
        ExecutorService runs = Executors.newFixedThreadPool(3);
        try {
            // At once: 300 registrations of 300 contacts (30 per DN), 100 with wrong passwords (403, nothing bound),
            // 100 phones that register a contact and remove it again.
            CompletableFuture<Sipp.Result> good = run(runs, "server_register", users(DNS, "password"),
                    "-m", "300", "-r", "150", "-l", "100", "-key", "expires", "600");
            CompletableFuture<Sipp.Result> wrong = run(runs, "server_register_wrong", users(DNS, "not-the-password"),
                    "-m", "100", "-r", "100", "-l", "100", "-key", "expires", "600");
            CompletableFuture<Sipp.Result> cycles = run(runs, "server_register_cycle", users(DNS, "password"),
                    "-m", "100", "-r", "100", "-l", "100");
            for (CompletableFuture<Sipp.Result> each : List.of(good, wrong, cycles)) {
                Sipp.Result result = each.get(40, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(result.log()).isZero();
            }
        } finally {
            runs.shutdownNow();
        }
        long stormMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stormMillis).as("500 registrations at up to 350/s").isLessThan(20_000);

        SipPhones phones = server.phones().orElseThrow();
        assertThat(sipStats().bindings()).as("30 contacts per DN; wrong passwords and removed contacts bind nothing")
                .isEqualTo(300);
        await("every DN registered").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(DNS).allMatch(phones::isRegistered));
        await("every device Active").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deviceStates()).isEqualTo(states(DNS, List.of())));

        // Half the DNs un-register (Contact: *): their devices go Inactive, the others stay Active.
        List<String> leaving = List.of("5004", "5005", "5006", "5007", "5103");
        unregisterAll(leaving);
        assertThat(DNS).allMatch(dn -> phones.isRegistered(dn) != leaving.contains(dn));
        await("the un-registered devices Inactive").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deviceStates()).isEqualTo(states(DNS, leaving)));
        assertThat(sipStats().bindings()).isEqualTo(150);

        unregisterAll(DNS);
        await("every device Inactive").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deviceStates()).isEqualTo(states(DNS, DNS)));
        assertThat(sipStats().bindings()).isZero();
        // An agent sees the same through /me/devices.
        GwsClient agent = new GwsClient(http, server.baseUrl(), "agent1", "password", GwsClient.Auth.BASIC);
        assertThat(agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("deviceState").asText())
                .isEqualTo("Inactive");
    }

    // ---- 2. calls at load ----

    @Test
    void callsAtLoadFromTheTrunkToRegisteredPhonesAreAllSetUpAndTornDown() throws Exception {
        int calls = 100;
        int phonePort = freeUdpPort();
        unregisterAll(DNS);
        Sipp.Result registered = sipp("server_register", users(DNS, "password"), "-p", String.valueOf(phonePort),
                "-m", String.valueOf(DNS.size()), "-r", "50", "-key", "expires", "600");
        assertThat(registered.exitCode()).as(registered.log()).isZero();
        SipPhones phones = server.phones().orElseThrow();
        await("every DN registered").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(DNS).allMatch(phones::isRegistered));

        Sipp sipp = new Sipp(Files.createTempDirectory(dir, "uas"));
        long start = System.nanoTime();
        try (ExternalProcess phone = sipp.start(List.of("-sf", sipp.scenario("server_uas_phone").toString(),
                "-p", String.valueOf(phonePort), "-mp", String.valueOf(freeUdpPort()), "-m", String.valueOf(calls),
                "-timeout", "40s", "-timeout_error", "-trace_stat"))) {
            // 100 customers at 25 calls/s, each talking 1 s: about 25 calls up at once, 10 phones with 2 or 3 each.
            Sipp.Result customers = sipp("server_uac_customer", targets(DNS), "-p", String.valueOf(trunkPort),
                    "-mp", String.valueOf(freeUdpPort()), "-m", String.valueOf(calls), "-r", "25", "-l", "60", "-d", "1000");
            assertThat(customers.exitCode()).as(customers.log()).isZero();
            assertThat(phone.waitFor(10)).as(phone.output()).isZero();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("%d calls at 25/s", calls).isLessThan(20_000);
        unregisterAll(DNS);
    }

    // ---- 2b. RTP from a wrong source ----

    @Test
    void rtpFromAWrongSourceIsIgnored() throws Exception {
        int phonePort = freeUdpPort();
        unregisterAll(List.of("5001"));
        Sipp.Result registered = sipp("server_register", users(List.of("5001"), "password"), "-p", String.valueOf(phonePort),
                "-m", "1", "-key", "expires", "600");
        assertThat(registered.exitCode()).as(registered.log()).isZero();
        SipPhones phones = server.phones().orElseThrow();
        Sipp sipp = new Sipp(Files.createTempDirectory(dir, "uas"));
        try (ExternalProcess phone = sipp.start(List.of("-sf", sipp.scenario("server_uas_phone").toString(),
                "-p", String.valueOf(phonePort), "-mp", String.valueOf(freeUdpPort()), "-m", "1", "-timeout", "20s", "-timeout_error"));
             Udp customer = new Udp(trunkPort);
             DatagramSocket media = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket intruder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String offer = SDP.replace("m=audio 4000", "m=audio " + media.getLocalPort());
            customer.send(customer.request("INVITE", uri("5001"), "rtp@test", SDP_TYPE, offer, null, 1, null, "5550123"));
            String ok = null;
            for (String response; ok == null && (response = customer.receive(5000)) != null;) {
                assertThat(statusLine(response)).matches("SIP/2.0 (100|180|200) .*");
                ok = response.startsWith("SIP/2.0 200") ? response : null;
            }
            assertThat(ok).as("the customer's call answered by the sipp phone").isNotNull();
            String toTag = toTag(ok);
            customer.send(customer.request("ACK", uri("5001"), "rtp@test", "", null, null, 1, toTag, "5550123"));
            int serverRtpPort = Integer.parseInt(ok.replaceAll("(?s).*m=audio (\\d+) .*", "$1"));
            String legId = await("the customer's media leg").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> inboundLegWithMedia(phones), id -> id != null);

            sendRtp(media, serverRtpPort, 1, 20);
            await("20 packets from the signalled address").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> phones.mediaStats(legId).orElseThrow().rtpReceived() == 20);
            sendRtp(intruder, serverRtpPort, 21, 20);
            sendRtp(media, serverRtpPort, 41, 5);
            await("the intruder's packets counted as wrong source, not received").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(phones.mediaStats(legId).orElseThrow())
                            .extracting(stats -> stats.rtpReceived(), stats -> stats.wrongSource()).containsExactly(25L, 20L));

            customer.send(customer.request("BYE", uri("5001"), "rtp@test", "", null, null, 2, toTag, "5550123"));
            String byeOk = null;
            for (String response; byeOk == null && (response = customer.receive(5000)) != null;) {
                byeOk = response.contains("CSeq: 2 BYE") ? response : null;
            }
            assertThat(byeOk).as("200 for the customer's BYE").startsWith("SIP/2.0 200");
            assertThat(phone.waitFor(10)).as("the sipp phone got its BYE: %s", phone.output()).isZero();
        }
        unregisterAll(List.of("5001"));
    }

    // ---- 3. hostile input ----

    @Test
    void hostileInputIsAnsweredOrDroppedAndLeavesNothing() throws Exception {
        try (Udp stranger = new Udp(0); Udp trunk = new Udp(trunkPort)) {
            // Not SIP, or SIP that cannot be parsed: dropped (JAIN-SIP may answer 400), never 2xx or 5xx.
            byte[] noise = new byte[1200];
            ThreadLocalRandom.current().nextBytes(noise);
            stranger.send(noise);
            stranger.send("\r\n\r\n");
            stranger.send("INVITE\r\n\r\n");
            stranger.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\n\r\n");
            stranger.send(stranger.request("OPTIONS", uri("7000"), "no-via@test", "", null).replaceFirst("Via: [^\r]*\r\n", ""));
            stranger.send(stranger.request("OPTIONS", uri("7000"), "bad-cl@test", "", null)
                    .replace("Content-Length: 0", "Content-Length: 900"));
            stranger.send(stranger.request("INVITE", uri("7000"), "bad-cseq@test", SDP_TYPE, SDP)
                    .replace("CSeq: 1 INVITE", "CSeq: x INVITE"));
            stranger.send(stranger.request("INVITE", "sip:%%%@", "bad-uri@test", SDP_TYPE, SDP));
            stranger.send(stranger.request("INVITE", uri("7000"), "bad-from@test", SDP_TYPE, SDP).replace("From: <", "From: <<"));
            assertThat(stranger.drain()).doesNotContain("SIP/2.0 2", "SIP/2.0 5");

            // Methods and dialogs: 501, 405, 481, a stray ACK ignored.
            assertThat(stranger.ask("FROBNICATE", uri("7000"), "m1@test", "", null)).startsWith("SIP/2.0 501");
            assertThat(stranger.ask("SUBSCRIBE", uri("5001"), "m2@test", "Event: presence\r\n", null)).startsWith("SIP/2.0 405")
                    .contains("Allow:");
            assertThat(stranger.ask("MESSAGE", uri("5001"), "m3@test", "Content-Type: text/plain\r\n", "hi")).startsWith("SIP/2.0 405");
            assertThat(stranger.ask("BYE", uri("7000"), "m4@test", "", null)).startsWith("SIP/2.0 481");
            assertThat(stranger.ask("CANCEL", uri("7000"), "m5@test", "", null)).startsWith("SIP/2.0 481");
            assertThat(stranger.ask("BYE", uri("7000"), "m6@test", "", null, "x1", 2, "nope")).startsWith("SIP/2.0 481");
            assertThat(stranger.ask("INVITE", uri("7000"), "m7@test", SDP_TYPE, SDP, "x2", 2, "nope")).startsWith("SIP/2.0 481");
            stranger.send(stranger.request("ACK", uri("7000"), "m8@test", "", null));
            assertThat(stranger.receive(300)).as("answer to a stray ACK").isNull();

            // INVITEs from a source no trunk lists: a stranger 403, an account's user challenged 407; a huge body 413.
            assertThat(stranger.ask("INVITE", uri("7000"), "s1@test", SDP_TYPE, SDP)).startsWith("SIP/2.0 403");
            assertThat(stranger.ask("INVITE", uri("7000"), "s3@test", SDP_TYPE, SDP, null, 1, null, "5001"))
                    .startsWith("SIP/2.0 407").contains("Proxy-Authenticate: Digest");
            assertThat(stranger.ask("INVITE", uri("7000"), "s4@test", SDP_TYPE, SDP + "a=x:" + "y".repeat(30_000) + "\r\n"))
                    .startsWith("SIP/2.0 413");

            // INVITEs from the trunk that cannot become a call: garbage SDP 400, no common codec 488, no such number
            // 404, a session interval below Min-SE 422, a huge body 413.
            assertThat(trunk.ask("INVITE", uri("7000"), "t1@test", SDP_TYPE, "v=0\r\nthis is not sdp\r\n")).startsWith("SIP/2.0 400");
            assertThat(trunk.ask("INVITE", uri("7000"), "t2@test", SDP_TYPE, SDP.replace("RTP/AVP 0", "RTP/AVP 9")))
                    .startsWith("SIP/2.0 488");
            assertThat(trunk.ask("INVITE", uri("7000"), "t3@test", SDP_TYPE, "\u0000\u00ff\u0001garbage\r\n\r\n")).startsWith("SIP/2.0 4");
            assertThat(trunk.ask("INVITE", uri("6999"), "t4@test", SDP_TYPE, SDP)).startsWith("SIP/2.0 404");
            assertThat(trunk.ask("INVITE", uri("7000"), "t5@test", "Session-Expires: 30\r\n" + SDP_TYPE, SDP)).startsWith("SIP/2.0 422");
            assertThat(trunk.ask("INVITE", uri("7000"), "t6@test", SDP_TYPE, SDP + "a=x:" + "y".repeat(30_000) + "\r\n"))
                    .startsWith("SIP/2.0 413");

            // A real customer call from the trunk, queued at 7000 (no agent is Ready), then cancelled: 200 for the
            // CANCEL, 487 for the INVITE, and the call leaves the switch and the mixer.
            String branch = "z9hG4bKcancel" + System.nanoTime();
            trunk.send(trunk.request("INVITE", uri("7000"), "c1@test", SDP_TYPE, SDP, branch, 1, null, "5550199"));
            assertThat(trunk.receive(3000)).as("100 Trying").startsWith("SIP/2.0 100");
            await("the customer's call on the switch").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> liveCalls() == 1 && server.phones().orElseThrow().usage().rtpPorts() == 1);
            trunk.send(trunk.request("CANCEL", uri("7000"), "c1@test", "", null, branch, 1, null, "5550199"));
            List<String> answers = new ArrayList<>();
            for (String response; answers.stream().noneMatch(r -> r.startsWith("SIP/2.0 487"))
                    && (response = trunk.receive(3000)) != null;) {
                answers.add(response);
            }
            assertThat(answers).extracting(SippThroughServerTest::statusLine)
                    .contains("SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated");
            assertThat(answers.stream().filter(r -> r.contains("CSeq: 1 CANCEL")).map(SippThroughServerTest::statusLine))
                    .containsOnly("SIP/2.0 200 OK");
            String terminated = answers.stream().filter(r -> r.startsWith("SIP/2.0 487")).findFirst().orElseThrow();
            trunk.send(trunk.request("ACK", uri("7000"), "c1@test", "", null, branch, 1, toTag(terminated), "5550199"));
            await("the cancelled call gone").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> liveCalls() == 0);
        }

        // An INVITE flood from an unlisted source (sipp at 200/s): every INVITE is refused with 403.
        Sipp.Result flood = sipp("server_uac_refused", null, "-s", "7000", "-m", "300", "-r", "200", "-l", "300");
        assertThat(flood.exitCode()).as(flood.log()).isZero();
        assertThat(liveCalls()).isZero();

        // Still a working server: REST login, REGISTER, un-REGISTER.
        GwsClient agent = new GwsClient(http, server.baseUrl(), "agent2", "password", GwsClient.Auth.COOKIE);
        assertThat(agent.login().path("userName").asText()).isEqualTo("agent2");
        Sipp.Result register = sipp("server_register", users(List.of("5002"), "password"), "-m", "1", "-key", "expires", "600");
        assertThat(register.exitCode()).as(register.log()).isZero();
        assertThat(server.phones().orElseThrow().isRegistered("5002")).isTrue();
        unregisterAll(List.of("5002"));
        assertThat(server.phones().orElseThrow().isRegistered("5002")).isFalse();
    }

    // ---- helpers ----

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String uri(String user) {
        return "sip:" + user + "@127.0.0.1:" + server.phones().orElseThrow().port();
    }

    private static String statusLine(String response) {
        return response.lines().findFirst().orElse("");
    }

    private static String toTag(String response) {
        return response.lines().filter(line -> line.startsWith("To:")).findFirst().orElseThrow().replaceAll(".*;tag=([^;>\\s]+).*", "$1");
    }

    private static int liveCalls() throws Exception {
        int live = 0;
        for (Switch each : server.contactCenter().switches()) {
            live += each.liveCalls().get(5, TimeUnit.SECONDS).size();
        }
        return live;
    }

    /** What the SIP layer holds: the handler-failure count is how a caught exception shows. */
    private static SipStats sipStats() {
        return server.phones().orElseThrow().sipStats();
    }

    /** The id of the one inbound (customer) leg whose media is up, or null. */
    private static String inboundLegWithMedia(SipPhones phones) {
        for (int i = 1; i <= 5_000; i++) {
            if (phones.mediaStats("sip-" + i).isPresent()) {
                return "sip-" + i;
            }
        }
        return null;
    }

    /** PCMU packets of silence, 20 ms each, from one socket: one SSRC per socket. */
    private static void sendRtp(DatagramSocket from, int port, int firstSequence, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] packet = new byte[12 + 160];
            java.util.Arrays.fill(packet, 12, packet.length, (byte) 0xFF);
            int sequence = firstSequence + i;
            long timestamp = 160L * sequence;
            packet[0] = (byte) 0x80;
            packet[2] = (byte) (sequence >> 8);
            packet[3] = (byte) sequence;
            for (int b = 0; b < 4; b++) {
                packet[4 + b] = (byte) (timestamp >> (24 - 8 * b));
                packet[8 + b] = (byte) (from.getLocalPort() >> (24 - 8 * b));
            }
            from.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    /** Each device's {@code deviceState} as the admin reads it, by DN. */
    private static Map<String, String> deviceStates() {
        Map<String, String> states = new TreeMap<>();
        for (JsonNode device : admin.get("/api/v2/devices?fields=*").assertOk().body().path("devices")) {
            states.put(device.path("phoneNumber").asText(), device.path("deviceState").asText());
        }
        return states;
    }

    private static Map<String, String> states(List<String> dns, List<String> inactive) {
        Map<String, String> states = new TreeMap<>();
        for (String dn : dns) {
            states.put(dn, inactive.contains(dn) ? "Inactive" : "Active");
        }
        return states;
    }

    private void unregisterAll(List<String> dns) throws Exception {
        Sipp.Result result = sipp("server_unregister_all", users(dns, "password"), "-m", String.valueOf(dns.size()), "-r", "100");
        assertThat(result.exitCode()).as(result.log()).isZero();
    }

    /** An injection file: one line per DN with its digest credentials. */
    private String users(List<String> dns, String password) {
        StringBuilder lines = new StringBuilder("SEQUENTIAL\n");
        for (String dn : dns) {
            lines.append(dn).append(";[authentication username=").append(dn).append(" password=").append(password).append("]\n");
        }
        return lines.toString();
    }

    private String targets(List<String> dns) {
        return "SEQUENTIAL\n" + String.join("\n", dns) + "\n";
    }

    private CompletableFuture<Sipp.Result> run(ExecutorService runs, String scenario, String injection, String... arguments) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sipp(scenario, injection, arguments);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runs);
    }

    /** Runs a scenario from /sipp/ against the server's SIP port in a directory of its own, bounded to 30 s. */
    private Sipp.Result sipp(String scenario, String injection, String... arguments) throws Exception {
        Path workDir = Files.createTempDirectory(dir, scenario);
        Sipp sipp = new Sipp(workDir);
        List<String> all = new ArrayList<>(List.of("-sf", sipp.scenario(scenario).toString()));
        if (injection != null) {
            Path file = workDir.resolve("injection.csv");
            Files.writeString(file, injection);
            all.addAll(List.of("-inf", file.toString()));
        }
        all.addAll(List.of(arguments));
        return sipp.run("127.0.0.1:" + server.phones().orElseThrow().port(), all, 30);
    }

    /** A UDP socket on 127.0.0.1 (port 0 for any, or the trunk's port) that sends any bytes and reads the answers. */
    private static final class Udp implements AutoCloseable {
        private final DatagramSocket socket;

        Udp(int localPort) throws SocketException {
            socket = new DatagramSocket(localPort, InetAddress.getLoopbackAddress());
            socket.setReceiveBufferSize(1 << 20);
        }

        void send(String text) throws Exception {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) throws Exception {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.phones().orElseThrow().port()));
        }

        /** The next datagram as text, or null when none arrives within the wait. */
        String receive(int timeoutMillis) throws Exception {
            socket.setSoTimeout(timeoutMillis);
            byte[] buffer = new byte[65_535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** Sends a request and returns its first response that is not 100 Trying (asserting one arrives). */
        String ask(String method, String uri, String callId, String headers, String body) throws Exception {
            return ask(method, uri, callId, headers, body, null, 1, null, "raw");
        }

        String ask(String method, String uri, String callId, String headers, String body, String branch, int cseq, String toTag)
                throws Exception {
            return ask(method, uri, callId, headers, body, branch, cseq, toTag, "raw");
        }

        String ask(String method, String uri, String callId, String headers, String body, String branch, int cseq, String toTag,
                   String fromUser) throws Exception {
            send(request(method, uri, callId, headers, body, branch, cseq, toTag, fromUser));
            long deadline = System.currentTimeMillis() + 3000;
            String response;
            do {
                response = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            } while (response != null && response.startsWith("SIP/2.0 100") && System.currentTimeMillis() < deadline);
            assertThat(response).as(method + " " + callId + " answered").isNotNull().doesNotStartWith("SIP/2.0 100");
            return response;
        }

        /** Every datagram until none comes for half a second, first lines only. */
        String drain() throws Exception {
            StringBuilder all = new StringBuilder();
            for (String response; (response = receive(500)) != null;) {
                all.append(statusLine(response)).append('\n');
            }
            return all.toString();
        }

        String request(String method, String uri, String callId, String headers, String body) {
            return request(method, uri, callId, headers, body, null, 1, null, "raw");
        }

        String request(String method, String uri, String callId, String headers, String body, String branch, int cseq, String toTag,
                       String fromUser) {
            String content = body == null ? "" : body;
            int port = socket.getLocalPort();
            return method + " " + uri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch="
                    + (branch == null ? "z9hG4bK" + Long.toHexString(System.nanoTime()) : branch) + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + fromUser + "@127.0.0.1:" + port + ">;tag=raw1\r\n"
                    + "To: <" + uri + ">" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " " + method + "\r\n"
                    + "Contact: <sip:" + fromUser + "@127.0.0.1:" + port + ">\r\n"
                    + headers
                    + "Content-Length: " + content.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + content;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
