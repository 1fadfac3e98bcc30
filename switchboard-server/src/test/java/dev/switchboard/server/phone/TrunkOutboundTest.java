package dev.switchboard.server.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.phone.PhoneFloor.Party;
import dev.switchboard.sip.support.BaresipPhone;

/**
 * An agent's call to a number outside the dial plan goes out through the trunk that takes outbound calls
 * ({@code sip.trunks[].outbound}), here to a baresip phone playing the public network, and the two hear each other.
 */
@Timeout(90)
class TrunkOutboundTest {
    @TempDir
    Path dir;

    private SwitchboardServer server;
    private HttpClient http;
    private PhoneFloor floor;

    @AfterEach
    void stop() throws Exception {
        if (floor != null) {
            floor.close();
        }
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDialledOutsideNumberRingsThroughTheTrunk() throws Exception {
        // The network's phone answers for the number dialled; it never registers, so the server port is irrelevant here.
        BaresipPhone network = BaresipPhone.start(dir.resolve("network"), "5559999", 9, "regint=0;answermode=auto",
                PhoneFloor.CUSTOMER_TONE, true);
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        ContactCenterConfig.TrunkConfig carrier = new ContactCenterConfig.TrunkConfig("carrier", List.of("127.0.0.1"),
                "sip:{number}@127.0.0.1:" + network.sipPort());
        ContactCenterConfig config = demo.withSip(new ContactCenterConfig.SipConfig(0, "127.0.0.1", "25000-25199", List.of(carrier), 30));
        server = SwitchboardServer.start(new SwitchboardServer.Options(config, dir.resolve("data"), 0, null, 0).withPhones(true));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        floor = new PhoneFloor(server, http, dir);
        Party outside = floor.adopt("network", PhoneFloor.CUSTOMER_TONE, network);
        Party agent = floor.agent("agent", "agent1", "5001", PhoneFloor.AGENT_TONE, false);

        agent.desktop().operation("/api/v2/me/devices/" + agent.deviceId() + "/calls", "Dial", "destination",
                Map.of("phoneNumber", "5559999")).assertOk();
        floor.talking(agent, outside);
        await("the agent's desktop shows the outbound call Established").atMost(Duration.ofSeconds(5))
                .until(() -> agent.callState().equals("Established"));
        floor.phase("an outbound call through the trunk", Map.of(
                agent, Set.of(outside),
                outside, Set.of(agent)));
        agent.call("Hangup").assertOk();
        outside.phone().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        await("nothing left").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.phones().orElseThrow().usage().legs()).isZero());
    }
}
