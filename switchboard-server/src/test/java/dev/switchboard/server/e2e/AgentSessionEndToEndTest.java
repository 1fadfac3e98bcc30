package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The life of an agent desktop against a real server, over each CometD transport: log in, handshake, subscribe,
 * StartContactCenterSession, every agent state, DND, forwarding, EndContactCenterSession; each with its
 * DeviceStateChangeMessage carrying the full device.
 */
class AgentSessionEndToEndTest extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void agentDesktopLifecycle(Transport transport) {
        GwsClient agent = loggedIn("agent1");
        Notifications events = notifications(transport, agent, "/v2/me/*");

        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        JsonNode device = events.nextDevice();
        assertThat(device.path("phoneNumber").asText()).isEqualTo("5001");
        assertThat(device.path("userState").path("state").asText()).isEqualTo("NotReady");
        assertThat(device.path("userState").path("id").asText()).isEqualTo("900D55CC-2BB0-431F-8BF9-D3525B383BE6");
        assertThat(device.path("deviceState").asText()).isEqualTo("Active");
        assertThat(device.path("capabilities")).extracting(JsonNode::asText).containsExactly("ForwardCallsOn", "DoNotDisturbOn");
        String deviceId = device.path("id").asText();

        agent.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        assertThat(events.nextDevice().path("userState").toString())
                .isEqualTo("{\"id\":\"9430250E-0A1B-421F-B372-F29E69366DED\",\"displayName\":\"Ready\",\"state\":\"Ready\"}");

        agent.operation("/api/v2/me/channels/voice", "Ready", "workmode", "ManualIn").assertOk();
        assertThat(events.nextDevice().path("userState").path("workMode").asText()).isEqualTo("ManualIn");

        agent.operation("/api/v2/me/channels/voice", "NotReady").assertOk();
        assertThat(events.nextDevice().path("userState").toString())
                .isEqualTo("{\"id\":\"900D55CC-2BB0-431F-8BF9-D3525B383BE6\",\"displayName\":\"Not Ready\",\"state\":\"NotReady\"}");

        agent.operation("/api/v2/me/channels/voice", "AfterCallWork").assertOk();
        assertThat(events.nextDevice().path("userState").toString()).isEqualTo("{\"id\":\"D3663509-3D82-4DD3-A82E-2EA8EFA02AEF\","
                + "\"displayName\":\"AfterCallWork\",\"state\":\"NotReady\",\"workMode\":\"AfterCallWork\"}");

        agent.operation("/api/v2/me/channels/voice", "AuxWork").assertOk();
        assertThat(events.nextDevice().path("userState").toString()).isEqualTo("{\"id\":\"2B36138D-C564-4562-A8CB-3C32D564F296\","
                + "\"displayName\":\"AuxWork\",\"state\":\"NotReady\",\"workMode\":\"AuxWork\"}");

        agent.operation("/api/v2/me/devices/" + deviceId, "DoNotDisturbOn").assertOk();
        device = events.nextDevice();
        assertThat(device.path("doNotDisturb").asText()).isEqualTo("On");
        assertThat(device.path("capabilities")).extracting(JsonNode::asText).containsExactly("ForwardCallsOn", "DoNotDisturbOff");

        agent.operation("/api/v2/me/devices/" + deviceId, "DoNotDisturbOff").assertOk();
        assertThat(events.nextDevice().path("doNotDisturb").asText()).isEqualTo("Off");

        agent.operation("/api/v2/me/devices/" + deviceId, "ForwardCallsOn", "destination", "5002").assertOk();
        device = events.nextDevice();
        assertThat(device.path("forwardTo").asText()).isEqualTo("5002");
        assertThat(device.path("capabilities")).extracting(JsonNode::asText).containsExactly("ForwardCallsOff", "DoNotDisturbOn");

        agent.operation("/api/v2/me/devices/" + deviceId, "ForwardCallsOff").assertOk();
        device = events.nextDevice();
        assertThat(device.has("forwardTo")).isFalse();
        assertThat(device.path("capabilities")).extracting(JsonNode::asText).containsExactly("ForwardCallsOn", "DoNotDisturbOn");

        // The REST view is the same object as the notification.
        JsonNode viaRest = agent.get("/api/v2/me/devices/" + deviceId).assertOk().body().path("device");
        assertThat(viaRest).isEqualTo(device);

        agent.operation("/api/v2/me", "EndContactCenterSession").assertOk();
        assertThat(events.nextDevice().path("userState").path("state").asText()).isEqualTo("LoggedOut");
        events.assertNoMore(Duration.ofMillis(300));

        // The HTTP session is gone: the cookie no longer authenticates.
        agent.get("/api/v2/me").assertError(401, 20);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wrapUpTimeReturnsTheAgentToReady(Transport transport) {
        GwsClient agent = loggedIn("agent2");
        Notifications events = notifications(transport, agent, "/v2/me/devices");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        events.nextDevice();

        agent.operation("/api/v2/me/channels/voice", "AfterCallWork", "wrapUpTime", "1").assertOk();
        assertThat(events.nextDevice().path("userState").path("workMode").asText()).isEqualTo("AfterCallWork");
        assertThat(events.nextDevice().path("userState").path("state").asText()).isEqualTo("Ready");
    }
}
