package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.phone.BrowserAudio;
import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.server.e2e.Notifications;
import dev.switchboard.server.e2e.Transport;
import dev.switchboard.server.phone.PhoneFloor.Party;

/**
 * The browser as the third endpoint kind (issue 14, "Listening and talking in the browser"), through the whole server:
 * a customer's softphone calls 7000 from the trunk and plays 440 Hz, agent1's softphone answers and plays 1000 Hz,
 * supervisor1 has no phone but a page on {@code /ext/v1/audio} that says 2000 Hz. ListenIn: the page hears customer
 * and agent, and neither phone hears the page; Coach (the next call): the agent hears the page, the customer still does
 * not. Once with a Java client that speaks the wire format ({@link JavaAudioClient}), once with headless Chromium running
 * the page module {@code console/browser-audio.js} on its fake microphone ({@link ChromiumAudioClient}). And an agent
 * with no phone: agent1's page rings, is answered from the desktop, and hears the customer; an open socket makes its
 * device {@code Active} and its close {@code Inactive} (DeviceStateChangeMessages, as a SIP phone's registration); and
 * the socket's refusals.
 */
@Timeout(180)
class BrowserAudioTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path phonesDir;

    private static SwitchboardServer server;
    private static HttpClient http;
    private static WebSocketContainer webSockets;
    private PhoneFloor floor;
    private final List<GwsClient> desktops = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        ContactCenterConfig config = demo.withSip(demo.sip().withPort(0).withRtpPorts("27000-27999"));
        server = SwitchboardServer.start(new SwitchboardServer.Options(config, dataDir, 0, null, 0).withPhones(true));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        webSockets = ContainerProvider.getWebSocketContainer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (webSockets != null) {
            LifeCycle.stop(webSockets);
        }
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newFloor() {
        floor = new PhoneFloor(server, http, phonesDir);
    }

    @AfterEach
    void closeFloorAndCheckNothingLeaks() throws Exception {
        try {
            floor.close();
        } finally {
            for (Party party : floor.desktopsToEnd()) {
                party.desktop().operation("/api/v2/me", "EndContactCenterSession").assertOk();
            }
        }
        SipPhones phones = server.phones().orElseThrow();
        await("every browser line and leg freed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phones.browsers().usage()).isEqualTo(new BrowserAudio.Usage(0, 0)));
        await("every leg, room and RTP port freed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phones.usage()).isEqualTo(new SipPhones.Usage(0, 0, 0)));
    }

    @Test
    void aJavaClientListensInThenCoaches() throws Exception {
        listenInThenCoach(desktop -> new JavaAudioClient(webSockets, server.baseUrl(), desktop.sessionId(), PhoneFloor.SUPERVISOR_TONE));
    }

    @Test
    void chromiumListensInThenCoaches() throws Exception {
        Path work = ChromiumAudioClient.prepare(PhoneFloor.SUPERVISOR_TONE);
        listenInThenCoach(desktop -> new ChromiumAudioClient(work, server.baseUrl(), "supervisor1", "password"));
    }

    @Test
    void anAgentWithNoPhoneTakesACallInTheBrowser() throws Exception {
        Party customer = floor.customer("5550300");
        GwsClient agentDesktop = desktop("agent1");
        GwsClient supervisorDesktop = desktop("supervisor1");
        Party agent = floor.speaker("browser agent", PhoneFloor.AGENT_TONE, agentDesktop, deviceIdOf(agentDesktop));
        Party supervisor = floor.speaker("browser supervisor", PhoneFloor.SUPERVISOR_TONE, supervisorDesktop,
                deviceIdOf(supervisorDesktop));
        BrowserAudio browsers = server.phones().orElseThrow().browsers();
        try (AudioClient agentPage = new JavaAudioClient(webSockets, server.baseUrl(), agentDesktop.sessionId(), agent.tone());
             AudioClient supervisorPage = new JavaAudioClient(webSockets, server.baseUrl(), supervisorDesktop.sessionId(),
                     supervisor.tone())) {
            agentDesktop.operation("/api/v2/me/channels/voice", "Ready").assertOk();
            supervisor.device("ListenIn", "targetDeviceUri", agentUri(agent), "supervisorMonitoringMode", "NextCall").assertOk();
            floor.dial(customer, "7000");
            await("the call rings on agent1's desktop").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> agent.callState().equals("Ringing"));
            agent.call("Answer").assertOk();
            await("agent1's call Established").atMost(Duration.ofSeconds(5)).until(() -> agent.callState().equals("Established"));
            floor.talking(customer);
            await("two browser legs").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 2);
            long agentMark = agentPage.heard().length;
            long supervisorMark = supervisorPage.heard().length;
            floor.phase("ListenIn", Map.of(customer, Set.of(agent)));
            assertBrowserHeard("ListenIn, agent1's page", agentPage, agentMark, Set.of(customer), Set.of(supervisor));
            assertBrowserHeard("ListenIn, supervisor1's page", supervisorPage, supervisorMark, Set.of(customer, agent), Set.of());
            customer.phone().command("hangup", null);
            await("agent1's call released").atMost(Duration.ofSeconds(10)).until(() -> agent.callState().isEmpty());
            await("the browsers' legs released").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 0);
        }
    }

    @Test
    void digitsSentOnTheCallAreHeardInTheBrowsersAsTonePairs() throws Exception {
        GwsClient agentDesktop = desktop("agent1");
        GwsClient supervisorDesktop = desktop("supervisor1");
        Party agent = floor.speaker("browser agent", PhoneFloor.AGENT_TONE, agentDesktop, deviceIdOf(agentDesktop));
        Party supervisor = floor.speaker("browser supervisor", PhoneFloor.SUPERVISOR_TONE, supervisorDesktop,
                deviceIdOf(supervisorDesktop));
        GwsClient admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.BASIC);
        BrowserAudio browsers = server.phones().orElseThrow().browsers();
        try (AudioClient agentPage = new JavaAudioClient(webSockets, server.baseUrl(), agentDesktop.sessionId(), agent.tone());
             AudioClient supervisorPage = new JavaAudioClient(webSockets, server.baseUrl(), supervisorDesktop.sessionId(),
                     supervisor.tone())) {
            agentDesktop.operation("/api/v2/me/channels/voice", "Ready").assertOk();
            supervisor.device("ListenIn", "targetDeviceUri", agentUri(agent), "supervisorMonitoringMode", "NextCall").assertOk();
            String callId = admin.post("/sim/v1/calls", "{\"from\":\"5551001\",\"to\":\"7000\"}").assertOk().body()
                    .path("id").asText();
            await("the call rings on agent1's desktop").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> agent.callState().equals("Ringing"));
            agent.call("Answer").assertOk();
            await("two browser legs").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 2);

            // The simulated customer's digits (as a SIP trunk's RFC 4733 would be) reach both pages: 5 is 770 + 1336 Hz.
            long agentMark = agentPage.heard().length;
            long supervisorMark = supervisorPage.heard().length;
            admin.post("/sim/v1/calls/" + callId, "{\"operationName\":\"SendDtmf\",\"digits\":\"5555555555\"}").assertOk();
            assertDigitHeard("the customer's 5, agent1's page", agentPage, agentMark, 770, 1336, 0);
            assertDigitHeard("the customer's 5, supervisor1's page", supervisorPage, supervisorMark, 770, 1336, agent.tone());

            // agent1's SendDtmf from the desktop reaches the supervisor's page: 9 is 852 + 1477 Hz.
            supervisorMark = supervisorPage.heard().length;
            agent.call("SendDtmf", "digits", "9999999999").assertOk();
            assertDigitHeard("agent1's 9, supervisor1's page", supervisorPage, supervisorMark, 852, 1477, agent.tone());

            admin.post("/sim/v1/calls/" + callId, "{\"operationName\":\"Hangup\"}").assertOk();
            await("the browsers' legs released").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 0);
        }
    }

    /**
     * Ten digits (1.6 s) from {@code mark}: in 250 ms windows, the digit's row and column stand out above -30 dBFS
     * somewhere, and the other DTMF frequencies stay below -40 dBFS everywhere (100 ms bursts spread a little: measured
     * below -46 dBFS on the next row's frequency, against about -20 dBFS for the digit's own). A DTMF frequency within
     * 100 Hz of {@code alsoHeard}, a tone the page hears anyway (the agent's 1000 Hz, at the supervisor's), is not
     * checked for absence: that tone spreads into its window at about -42 dBFS, at times above -40.
     */
    private static void assertDigitHeard(String what, AudioClient page, long mark, int row, int column, int alsoHeard)
            throws Exception {
        long need = mark + HeardTones.SAMPLE_RATE * 5L / 2;
        await(what + ": the page's audio grows").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> page.heard().length >= need);
        short[] samples = page.heard();
        List<String> failures = new ArrayList<>();
        for (int tone : new int[] {697, 770, 852, 941, 1209, 1336, 1477, 1633}) {
            List<Double> levels = HeardTones.levels(samples, mark, samples.length, tone);
            double loudest = levels.stream().mapToDouble(Double::doubleValue).max().orElse(-200);
            boolean ok = tone == row || tone == column ? loudest > -30 : loudest < -40 || Math.abs(tone - alsoHeard) < 100;
            if (!ok) {
                failures.add(what + ": " + tone + " Hz should be " + (tone == row || tone == column ? "heard" : "absent") + ": " + levels);
            }
        }
        assertThat(failures).as("the DTMF tones in what the page heard").isEmpty();
    }

    private static GwsClient desktop(String userName) {
        GwsClient desktop = new GwsClient(http, server.baseUrl(), userName, "password", GwsClient.Auth.COOKIE);
        desktop.login();
        desktop.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        return desktop;
    }

    private static String deviceIdOf(GwsClient desktop) {
        return desktop.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("id").asText();
    }

    @Test
    void anOpenSocketMakesTheDeviceActiveAndItsCloseInactive() throws Exception {
        GwsClient desktop = desktop("supervisor1");
        floor.speaker("browser supervisor", PhoneFloor.SUPERVISOR_TONE, desktop, deviceIdOf(desktop));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Notifications devices = Notifications.create(Transport.WEBSOCKET, server.baseUrl(), http, webSockets, scheduler,
                desktop.sessionId(), null).connect().subscribe("/v2/me/devices")) {
            for (int round = 1; round <= 2; round++) {
                try (AudioClient page = new JavaAudioClient(webSockets, server.baseUrl(), desktop.sessionId(),
                        PhoneFloor.SUPERVISOR_TONE)) {
                    assertThat(devices.nextDevice().path("deviceState").asText()).as("round %d, open", round).isEqualTo("Active");
                    assertThat(deviceStateOf(desktop)).isEqualTo("Active");
                }
                assertThat(devices.nextDevice().path("deviceState").asText()).as("round %d, closed", round).isEqualTo("Inactive");
                assertThat(deviceStateOf(desktop)).isEqualTo("Inactive");
            }
            devices.assertNoMore(Duration.ofMillis(300));
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static String deviceStateOf(GwsClient desktop) {
        return desktop.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("deviceState").asText();
    }

    @Test
    void theSocketRefusesStrangersAndOtherUsersDevices() throws Exception {
        GwsClient supervisor = new GwsClient(http, server.baseUrl(), "supervisor1", "password", GwsClient.Auth.COOKIE);
        supervisor.login();
        String agentDevice = server.contactCenter().directory().dnByNumber("Demo", "5001").orElseThrow().id();
        assertThat(refusal(null, "")).as("no cookie, no Basic").contains("401");
        assertThat(refusal("JSESSIONID=not-a-session", "")).as("a cookie of no session").contains("401");
        assertThat(refusal("JSESSIONID=" + supervisor.sessionId(), "?deviceId=" + agentDevice)).as("agent1's device").contains("403");
        assertThat(server.phones().orElseThrow().browsers().usage()).isEqualTo(new BrowserAudio.Usage(0, 0));
    }

    /** The upgrade's refusal, as the WebSocket client reports it. */
    private static String refusal(String cookie, String query) {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (cookie != null) {
                    headers.put("Cookie", List.of(cookie));
                }
            }
        }).build();
        URI uri = URI.create(server.baseUrl().replaceFirst("^http", "ws") + "/ext/v1/audio" + query);
        try (Session session = webSockets.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session opened, EndpointConfig endpointConfig) {
                // Not expected to open.
            }
        }, config, uri)) {
            return "opened " + session.getId();
        } catch (Exception refused) {
            return String.valueOf(refused.getMessage());
        }
    }

    /** Connects a page (or its stand-in) for the supervisor whose GWS desktop is given. */
    @FunctionalInterface
    interface Connect {
        AudioClient to(GwsClient desktop) throws Exception;
    }

    private void listenInThenCoach(Connect connect) throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party customer = floor.customer("5550200");
        GwsClient desktop = new GwsClient(http, server.baseUrl(), "supervisor1", "password", GwsClient.Auth.COOKIE);
        desktop.login();
        desktop.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        String deviceId = desktop.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("id").asText();
        Party supervisor = floor.speaker("browser supervisor", PhoneFloor.SUPERVISOR_TONE, desktop, deviceId);
        BrowserAudio browsers = server.phones().orElseThrow().browsers();

        try (AudioClient browser = connect.to(desktop)) {
            await("the page registered for 5005").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> browsers.usage().lines() == 1);
            supervisor.device("ListenIn", "targetDeviceUri", agentUri(agent), "supervisorMonitoringMode", "NextCall").assertOk();
            floor.dial(customer, "7000");
            floor.talking(customer, agent);
            await("the supervisor's browser leg").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 1);
            long mark = browser.heard().length;
            floor.phase("ListenIn", Map.of(
                    customer, Set.of(agent),
                    agent, Set.of(customer)));
            assertBrowserHeard("ListenIn", browser, mark, Set.of(customer, agent), Set.of(supervisor));
            hangUp(customer, agent, browsers);

            // GWS has no switch from ListenIn to Coach during a call: the next call is coached.
            supervisor.device("Coach", "targetDeviceUri", agentUri(agent), "supervisorMonitoringMode", "NextCall").assertOk();
            floor.dial(customer, "7000");
            floor.talking(customer, agent);
            await("the supervisor's browser leg").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 1);
            mark = browser.heard().length;
            floor.phase("Coach", Map.of(
                    customer, Set.of(agent),
                    agent, Set.of(customer, supervisor)));
            assertBrowserHeard("Coach", browser, mark, Set.of(customer, agent), Set.of(supervisor));
            hangUp(customer, agent, browsers);
        }
        await("the page's line closed with its socket").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().lines() == 0);
    }

    private static String agentUri(Party agent) {
        return server.baseUrl() + "/api/v2/devices/" + agent.deviceId();
    }

    /** The customer hangs up: every leg of the call ends, the browser's too, and the phones' next call records anew. */
    private void hangUp(Party customer, Party agent, BrowserAudio browsers) throws Exception {
        customer.phone().command("hangup", null);
        await("the agent's call released").atMost(Duration.ofSeconds(10)).until(() -> agent.callState().isEmpty());
        await("the browser's leg released").atMost(Duration.ofSeconds(10)).until(() -> browsers.usage().legs() == 0);
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        floor.callEnded(customer);
        floor.callEnded(agent);
    }

    /** What the page heard since {@code mark} (skipping the settling time): exactly {@code heard}'s tones, not the others'. */
    private static void assertBrowserHeard(String phase, AudioClient browser, long mark, Set<Party> heard, Set<Party> notHeard)
            throws Exception {
        long need = mark + HeardTones.SAMPLE_RATE * 3L;
        await(phase + ": the page's audio grows").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.heard().length >= need);
        short[] samples = browser.heard();
        long from = mark + HeardTones.SAMPLE_RATE * 6L / 10;
        List<String> failures = new ArrayList<>();
        for (Party party : heard) {
            HeardTones.Verdict verdict = HeardTones.verdict(samples, from, samples.length, party.tone());
            if (!verdict.heard()) {
                failures.add(phase + ": the page should hear " + party + ": " + verdict);
            }
        }
        for (Party party : notHeard) {
            HeardTones.Verdict verdict = HeardTones.verdict(samples, from, samples.length, party.tone());
            if (!verdict.absent()) {
                failures.add(phase + ": the page should not hear " + party + ": " + verdict);
            }
        }
        assertThat(failures).as("what the page heard").isEmpty();
    }
}
