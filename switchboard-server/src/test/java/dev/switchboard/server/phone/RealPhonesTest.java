package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.server.e2e.Notifications;
import dev.switchboard.server.e2e.Transport;
import dev.switchboard.server.phone.PhoneFloor.Party;

/**
 * Real softphones (baresip, headless) through the whole server: a customer calls 7000 from the trunk, the agent's phone
 * rings and answers, the supervisor's phone is delivered the monitored call, and each phone's recording proves who
 * heard whom (README, "Use a real phone"; the rules: docs/compatibility.md). Every check can fail: flip a rule in
 * {@code WhoHearsWhom} and a phase names who heard what they should not.
 */
@Timeout(120)
class RealPhonesTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path phonesDir;

    private static SwitchboardServer server;
    private static HttpClient http;
    private static WebSocketContainer webSockets;
    private static ScheduledExecutorService scheduler;
    private PhoneFloor floor;

    @BeforeAll
    static void startServer() throws Exception {
        ContactCenterConfig demo = withRecordingAgent(ConfigLoader.loadDemo());
        ContactCenterConfig config = demo.withSip(demo.sip().withPort(0).withRtpPorts("26000-26999"));
        server = SwitchboardServer.start(new SwitchboardServer.Options(config, dataDir, 0, null, 0).withPhones(true));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        webSockets = ContainerProvider.getWebSocketContainer();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    /** The demo with agent1 allowed to record calls (feature {@code api-voice-recording}). */
    private static ContactCenterConfig withRecordingAgent(ContactCenterConfig demo) {
        List<ContactCenterConfig.UserConfig> users = new ArrayList<>();
        for (ContactCenterConfig.UserConfig user : demo.users()) {
            if (user.userName().equals("agent1")) {
                List<String> features = new ArrayList<>(user.features());
                features.add("api-voice-recording");
                user = new ContactCenterConfig.UserConfig(user.userName(), user.firstName(), user.lastName(), user.emailAddress(),
                        user.roles(), features, user.password(), user.passwordHash(), user.place(), user.skills());
            }
            users.add(user);
        }
        return new ContactCenterConfig(demo.server(), demo.compatibility(), demo.voiceEnvironments(), demo.places(), users,
                demo.agentGroups(), demo.agentStates(), demo.dispositions(), demo.sip());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (webSockets != null) {
            LifeCycle.stop(webSockets);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
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
        for (String dn : new String[] {"5001", "5002", "5005"}) {
            await(dn + " un-registered").atMost(Duration.ofSeconds(15)).until(() -> !phones.isRegistered(dn));
        }
        await("every leg, room and RTP port freed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phones.usage()).isEqualTo(new SipPhones.Usage(0, 0, 0)));
    }

    @Test
    void listenInThenBargeInThenListenInThenMuteTheAgent() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party supervisor = floor.agent("supervisor", "supervisor1", "5005", PhoneFloor.SUPERVISOR_TONE, false);
        Party customer = floor.customer("5550100");
        supervisor.device("ListenIn", "targetDeviceUri", deviceUri(agent)).assertOk();

        floor.dial(customer, "7000");
        floor.talking(customer, agent, supervisor);
        await("the agent's desktop shows the call Established").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().equals("Established"));

        floor.phase("ListenIn", Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));
        GwsClient admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.BASIC);
        JsonNode parties = admin.get("/sim/v1/calls/" + agent.callId()).assertOk().body().path("parties");
        assertThat(parties).as("%s", parties).hasSize(3);
        for (JsonNode party : parties) {
            JsonNode media = party.path("media");
            assertThat(media.path("codec").asText()).as("%s", party).isEqualTo("PCMU");
            assertThat(media.path("rtpSent").asLong()).as("%s", party).isPositive();
            assertThat(media.path("rtpReceived").asLong()).as("%s", party).isPositive();
            assertThat(media.path("lastPacketAgoMs").asLong()).as("%s", party).isBetween(0L, 1000L);
        }

        supervisor.call("SwitchToBargeIn").assertOk();
        floor.mark();
        floor.phase("after SwitchToBargeIn", Map.of(
                customer, Set.of(agent, supervisor),
                agent, Set.of(customer, supervisor),
                supervisor, Set.of(customer, agent)));

        supervisor.call("SwitchToListenIn").assertOk();
        floor.mark();
        floor.phase("after SwitchToListenIn", Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));

        supervisor.call("MuteMonitoredUser").assertOk();
        floor.mark();
        floor.phase("after MuteMonitoredUser", Map.of(
                customer, Set.of(),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));

        customer.phone().command("hangup", null);
        await("the agent's call released").atMost(Duration.ofSeconds(10)).until(() -> agent.callState().isEmpty());
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        supervisor.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void coachThenHoldAndRetrieve() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party supervisor = floor.agent("supervisor", "supervisor1", "5005", PhoneFloor.SUPERVISOR_TONE, false);
        Party customer = floor.customer("5550101");
        supervisor.device("Coach", "targetDeviceUri", deviceUri(agent), "supervisorMonitoringMode", "NextCall").assertOk();

        floor.dial(customer, "7000");
        floor.talking(customer, agent, supervisor);
        floor.phase("Coach", Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer, supervisor),
                supervisor, Set.of(customer, agent)));

        agent.call("Hold").assertOk();
        await("the phone confirmed the hold").atMost(Duration.ofSeconds(5)).until(() -> agent.callState().equals("Held"));
        floor.mark();
        floor.phase("agent holds", Map.of(
                customer, Set.of(),
                supervisor, Set.of(customer)), Set.of(agent));

        agent.call("Retrieve").assertOk();
        await("the phone confirmed the retrieve").atMost(Duration.ofSeconds(5)).until(() -> agent.callState().equals("Established"));
        floor.mark();
        // baresip stops its recording at the first re-INVITE (its player restarts without the recording filter): from
        // the hold on, the agent's own recording is not checked, what the others hear of the agent is.
        floor.phase("agent retrieves", Map.of(
                customer, Set.of(agent),
                supervisor, Set.of(customer, agent)), Set.of(agent));

        agent.call("Hangup").assertOk();
        customer.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        supervisor.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void singleStepTransferWithScopeCallTakesTheSupervisorAlong() throws Exception {
        Listened floor4 = listenedCall("5550102", "Call");
        Party agent = floor4.agent();
        Party colleague = floor4.colleague();
        Party supervisor = floor4.supervisor();
        Party customer = floor4.customer();

        agent.call("SingleStepTransfer", "destination", Map.of("phoneNumber", "5002")).assertOk();
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        floor.callEnded(agent);
        floor.talking(colleague);
        floor.mark();
        floor.phase("after the transfer (scope Call)", Map.of(
                customer, Set.of(colleague),
                colleague, Set.of(customer),
                supervisor, Set.of(customer, colleague)));

        customer.phone().command("hangup", null);
        colleague.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        supervisor.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void singleStepTransferWithScopeAgentLeavesWithTheAgent() throws Exception {
        Listened floor4 = listenedCall("5550103", "Agent");
        Party agent = floor4.agent();
        Party colleague = floor4.colleague();
        Party supervisor = floor4.supervisor();
        Party customer = floor4.customer();

        agent.call("SingleStepTransfer", "destination", Map.of("phoneNumber", "5002")).assertOk();
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        supervisor.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        floor.callEnded(agent);
        floor.callEnded(supervisor);
        floor.talking(colleague);
        floor.mark();
        floor.phase("after the transfer (scope Agent)", Map.of(
                customer, Set.of(colleague),
                colleague, Set.of(customer)));

        colleague.call("Hangup").assertOk();
        customer.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void conferenceEveryoneHearsEveryoneButTheListeningSupervisor() throws Exception {
        Listened floor4 = listenedCall("5550104", "Call");
        Party agent = floor4.agent();
        Party colleague = floor4.colleague();
        Party supervisor = floor4.supervisor();
        Party customer = floor4.customer();
        agent.call("SingleStepConference", "destination", Map.of("phoneNumber", "5002")).assertOk();
        floor.talking(colleague);
        floor.mark();
        floor.phase("conference", Map.of(
                customer, Set.of(agent, colleague),
                agent, Set.of(customer, colleague),
                colleague, Set.of(customer, agent),
                supervisor, Set.of(customer, agent, colleague)));

        customer.phone().command("hangup", null);
        agent.call("Hangup").assertOk();
        colleague.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        supervisor.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void aRecordedCallIsAWavOfWhatItsPartiesHearListedForTheAdmin() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party supervisor = floor.agent("supervisor", "supervisor1", "5005", PhoneFloor.SUPERVISOR_TONE, false);
        Party customer = floor.customer("5550106");
        supervisor.device("ListenIn", "targetDeviceUri", deviceUri(agent)).assertOk();
        floor.dial(customer, "7000");
        floor.talking(customer, agent, supervisor);
        String callId = agent.callId();
        agent.call("StartCallRecording").assertOk();
        floor.mark();
        floor.phase("recording", Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));
        agent.call("StopCallRecording").assertOk();

        GwsClient admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.BASIC);
        await("the recording listed").atMost(Duration.ofSeconds(5)).until(() -> admin.get("/ext/v1/recordings").assertOk().body()
                .path("recordings").findValuesAsText("callId").contains(callId));
        JsonNode recording = null;
        for (JsonNode each : admin.get("/ext/v1/recordings").assertOk().body().path("recordings")) {
            if (each.path("callId").asText().equals(callId)) {
                recording = each;
            }
        }
        assertThat(recording.path("durationSeconds").asDouble()).as("%s", recording).isGreaterThan(2.0);
        Path wav = dataDir.resolve("recordings").resolve(recording.path("name").asText());
        long end = HeardTones.mark(wav);
        long from = HeardTones.SAMPLE_RATE / 2;
        assertThat(HeardTones.verdict(wav, from, end, PhoneFloor.CUSTOMER_TONE).heard()).as("the customer in the recording").isTrue();
        assertThat(HeardTones.verdict(wav, from, end, PhoneFloor.AGENT_TONE).heard()).as("the agent in the recording").isTrue();
        assertThat(HeardTones.verdict(wav, from, end, PhoneFloor.SUPERVISOR_TONE).absent())
                .as("the listening supervisor, whom nobody hears, not in the recording").isTrue();
        agent.desktop().get("/ext/v1/recordings").assertError(403, 5);

        customer.phone().command("hangup", null);
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void sendDtmfFromTheDesktopReachesTheCustomersPhone() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party customer = floor.customer("5550107");
        floor.dial(customer, "7000");
        floor.talking(customer, agent);
        agent.call("SendDtmf", "digits", "42#").assertOk();
        await("the customer's phone received the digits").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> customer.phone().countEvents("CALL_DTMF_START") >= 3);
        List<String> digits = customer.phone().events().stream().filter(event -> event.contains("\"CALL_DTMF_START\""))
                .map(event -> event.replaceAll(".*\"param\":\"([^\"]*)\".*", "$1")).toList();
        assertThat(digits).as("RFC 4733 events the customer's phone received").containsExactly("4", "2", "#");
        customer.phone().command("hangup", null);
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void theDeviceIsInactiveWhileItsPhoneIsGone() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, false);
        assertThat(deviceState(agent)).isEqualTo("Active");
        agent.phone().quit();
        await("the device Inactive").atMost(Duration.ofSeconds(10)).until(() -> deviceState(agent).equals("Inactive"));
    }

    @Test
    void aDialFromTheDesktopCallsTheAgentsPhoneFirst() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, false);
        Party colleague = floor.agent("colleague", "agent2", "5002", PhoneFloor.SECOND_AGENT_TONE, false);
        agent.desktop().operation("/api/v2/me/devices/" + agent.deviceId() + "/calls", "Dial", "destination", Map.of("phoneNumber", "5002"))
                .assertOk();
        floor.talking(agent, colleague);
        await("both desktops show the call Established").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().equals("Established") && colleague.callState().equals("Established"));
        floor.phase("a dialled internal call", Map.of(
                agent, Set.of(colleague),
                colleague, Set.of(agent)));
        agent.call("Hangup").assertOk();
        colleague.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void aPhoneDialsAColleagueAndTheDesktopsFollow() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, false);
        Party colleague = floor.agent("colleague", "agent2", "5002", PhoneFloor.SECOND_AGENT_TONE, false);
        floor.dial(agent, "5002");
        floor.talking(agent, colleague);
        await("both desktops show the call Established").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().equals("Established") && colleague.callState().equals("Established"));
        floor.phase("a call placed on the phone", Map.of(
                agent, Set.of(colleague),
                colleague, Set.of(agent)));
        colleague.phone().command("hangup", null);
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        await("the desktops show no call").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().isEmpty() && colleague.callState().isEmpty());
    }

    @Test
    void answeringFromTheDesktopAPhoneThatCannotIsAClearErrorAndTheCallRingsOn() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true, "answermode=manual");
        Party customer = floor.customer("5550105");
        try (Notifications calls = Notifications.create(Transport.WEBSOCKET, server.baseUrl(), http, webSockets, scheduler,
                agent.desktop().sessionId(), null).connect().subscribe("/v2/me/calls")) {
            floor.dial(customer, "7000");
            agent.phone().awaitEvent("CALL_INCOMING", Duration.ofSeconds(10));
            String ringing = calls.nextCallRow();
            assertThat(ringing).startsWith("StatusChange Ringing Inbound");
            agent.call("Answer").assertOk();
            Notifications.Received error = calls.next();
            assertThat(error.messageType()).as("%s", error).isEqualTo("ErrorMessage");
            assertThat(error.data().path("errorMessage").asText()).contains("answer on the phone");
            assertThat(agent.callState()).isEqualTo("Ringing");
            agent.phone().command("accept", null);
            floor.talking(customer, agent);
            assertThat(calls.nextCallRow()).startsWith("StatusChange Established Inbound");
        }
        customer.phone().command("hangup", null);
        agent.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    /**
     * A desktop sees the same notifications for a queued call whether a phone carries it or nobody does: the same
     * call once with the agent answering from the desktop and a simulated customer, once with real phones.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void theDesktopSeesTheSameNotificationsWithAPhoneAsWithout(Transport transport) throws Exception {
        Switch demo = server.contactCenter().switchNamed("Demo").orElseThrow();
        GwsClient desktop = new GwsClient(http, server.baseUrl(), "agent1", "password", GwsClient.Auth.COOKIE);
        desktop.login();
        desktop.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        desktop.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        List<String> withoutPhone;
        try (Notifications calls = Notifications.create(transport, server.baseUrl(), http, webSockets, scheduler,
                desktop.sessionId(), null).connect().subscribe("/v2/me/calls")) {
            String callId = ((Outcome.Accepted) demo.customerCall("5550200", "7000", Map.of()).get(10, TimeUnit.SECONDS)).id();
            await("the call rings at the desktop").atMost(Duration.ofSeconds(5))
                    .until(() -> !desktop.get("/api/v2/me/calls").assertOk().body().path("uris").isEmpty());
            desktop.operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
            await("answered").atMost(Duration.ofSeconds(5)).until(() -> callStates(desktop).equals(List.of("Established")));
            demo.customerHangup(callId, null).get(10, TimeUnit.SECONDS);
            withoutPhone = rowsUntilReleased(calls);
        }
        desktop.operation("/api/v2/me/channels/voice", "Ready").assertOk();

        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, false);
        Party customer = floor.customer("5550200");
        List<String> withPhone;
        try (Notifications calls = Notifications.create(transport, server.baseUrl(), http, webSockets, scheduler,
                desktop.sessionId(), null).connect().subscribe("/v2/me/calls")) {
            floor.dial(customer, "7000");
            floor.talking(customer, agent);
            customer.phone().command("hangup", null);
            withPhone = rowsUntilReleased(calls);
        }
        assertThat(withPhone).as("with a phone, as without").isEqualTo(withoutPhone);
        assertThat(withPhone.get(0)).isEqualTo("StatusChange Ringing Inbound [5550200]");
    }

    /** An agent, a colleague, a supervisor listening in with this scope, and a customer talking to the agent. */
    private record Listened(Party agent, Party colleague, Party supervisor, Party customer) {
    }

    /** Sets up {@link Listened} and checks the ListenIn phase before whatever the test does next. */
    private Listened listenedCall(String customerNumber, String scope) throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party colleague = floor.agent("colleague", "agent2", "5002", PhoneFloor.SECOND_AGENT_TONE, false);
        Party supervisor = floor.agent("supervisor", "supervisor1", "5005", PhoneFloor.SUPERVISOR_TONE, false);
        Party customer = floor.customer(customerNumber);
        supervisor.device("ListenIn", "targetDeviceUri", deviceUri(agent), "supervisorMonitoringScope", scope).assertOk();
        floor.dial(customer, "7000");
        floor.talking(customer, agent, supervisor);
        floor.phase("ListenIn, scope " + scope, Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));
        return new Listened(agent, colleague, supervisor, customer);
    }

    private static List<String> rowsUntilReleased(Notifications calls) {
        List<String> rows = new ArrayList<>();
        do {
            rows.add(calls.nextCallRow());
        } while (!rows.get(rows.size() - 1).contains(" Released "));
        return rows;
    }

    private static List<String> callStates(GwsClient desktop) {
        List<String> states = new ArrayList<>();
        desktop.get("/api/v2/me/calls?fields=*").assertOk().body().path("calls").forEach(call -> states.add(call.path("state").asText()));
        return states;
    }

    private static String deviceState(Party party) {
        return party.desktop().get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("deviceState").asText();
    }

    private static String deviceUri(Party party) {
        return server.baseUrl() + "/api/v2/devices/" + party.deviceId();
    }
}
