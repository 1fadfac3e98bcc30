package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
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
    private PhoneFloor floor;

    @BeforeAll
    static void startServer() throws Exception {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        ContactCenterConfig config = demo.withSip(demo.sip().withPort(0).withRtpPorts("26000-26999"));
        server = SwitchboardServer.start(new SwitchboardServer.Options(config, dataDir, 0, null, 0).withPhones(true));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
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
        await("every leg, room and RTP port freed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(phones.usage()).isEqualTo(new SipPhones.Usage(0, 0, 0)));
    }

    @Test
    void listenInThenBargeInThenListenInThenMuteTheAgent() throws Exception {
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, true);
        Party supervisor = floor.agent("supervisor", "supervisor1", "5005", PhoneFloor.SUPERVISOR_TONE, false);
        Party customer = floor.customer("5550100");
        supervisor.device("ListenIn", "targetDeviceUri", server.baseUrl() + "/api/v2/devices/" + agent.deviceId()).assertOk();

        floor.dial(customer, "7000");
        floor.talking(customer, agent, supervisor);
        await("the agent's desktop shows the call Established").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().equals("Established"));

        floor.phase("ListenIn", Map.of(
                customer, Set.of(agent),
                agent, Set.of(customer),
                supervisor, Set.of(customer, agent)));

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
}
