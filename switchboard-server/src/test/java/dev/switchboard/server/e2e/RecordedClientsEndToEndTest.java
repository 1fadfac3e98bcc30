package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What real GWS clients send, as recorded from Workspace Web Edition 8.5.202.96 and other clients: a login that names
 * channels Switchboard does not serve, and the user-level agent state {@code POST /api/v2/me}.
 */
class RecordedClientsEndToEndTest extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void workspaceWebEditionLogsInOnVoiceAndChatAndSetsItsStateOnTheUser(Transport transport) {
        GwsClient agent = loggedIn("agent1");
        Notifications events = notifications(transport, agent, "/v2/me/*");

        Reply start = agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice", "chat"});
        assertThat(start.status()).isEqualTo(200);
        JsonNode body = start.body();
        assertThat(body.path("statusCode").asInt()).isEqualTo(7);
        assertThat(body.path("succeeded")).hasSize(1);
        assertThat(body.path("succeeded").get(0).path("statusCode").asInt()).isZero();
        assertThat(body.path("succeeded").get(0).path("channel").asText()).isEqualTo("voice");
        assertThat(body.path("failed")).hasSize(1);
        assertThat(body.path("failed").get(0).path("channel").asText()).isEqualTo("chat");
        assertThat(body.path("failed").get(0).path("statusCode").asInt()).isEqualTo(4);
        assertThat(body.path("failed").get(0).path("statusMessage").asText()).contains("chat");
        assertThat(events.nextDevice().path("userState").path("state").asText()).isEqualTo("NotReady");

        agent.operation("/api/v2/me", "Ready").assertOk();
        assertThat(events.nextDevice().path("userState").toString())
                .isEqualTo("{\"id\":\"9430250E-0A1B-421F-B372-F29E69366DED\",\"displayName\":\"Ready\",\"state\":\"Ready\"}");
        agent.operation("/api/v2/me", "NotReady").assertOk();
        assertThat(events.nextDevice().path("userState").path("state").asText()).isEqualTo("NotReady");
        events.assertNoMore(Duration.ofMillis(200));

        // Starting again, voice alone: nothing more to say.
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLoginWithoutVoiceIsRefusedAndTheUserLevelStateNeedsASession(Transport transport) {
        GwsClient agent = loggedIn("agent2");
        Notifications events = notifications(transport, agent, "/v2/me/*");

        Reply chatOnly = agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"chat"});
        chatOnly.assertError(400, 2);
        assertThat(chatOnly.body().path("statusMessage").asText()).contains("voice");
        agent.operation("/api/v2/me", "Ready").assertError(403, 3);
        events.assertNoMore(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void nestedUserDataAsWorkspaceWritesItIsEchoedInNotificationsAndReads(Transport transport) {
        GwsClient agent = loggedIn("agent3");
        Notifications events = notifications(transport, agent, "/v2/me/*");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        String deviceId = events.nextDevice().path("id").asText();
        Map<String, Object> party = Map.of("username", "agent3", "firstname", "Agent", "lastname", "Three", "path", "/users/x");
        agent.operation("/api/v2/me/devices/" + deviceId + "/calls", "Dial", "destination", Map.of("phoneNumber", "5004"),
                "userData", Map.of("WWE_PARTY_5003", party)).assertOk();
        JsonNode dialing = events.nextCall().path("call");
        assertThat(dialing.path("userData").path("WWE_PARTY_5003").path("firstname").asText()).isEqualTo("Agent");
        String callId = dialing.path("id").asText();

        agent.operation("/api/v2/me/calls/" + callId, "UpdateUserData", "userData",
                Map.of("tags", List.of("vip", Map.of("since", 2019)), "deep", Map.of("a", Map.of("b", Map.of("c", true))))).assertOk();
        JsonNode changed = events.nextCall();
        assertThat(changed.path("notificationType").asText()).isEqualTo("AttachedDataChanged");
        JsonNode data = changed.path("call").path("userData");
        assertThat(data.path("tags").get(0).asText()).isEqualTo("vip");
        assertThat(data.path("tags").get(1).path("since").asInt()).isEqualTo(2019);
        assertThat(data.path("deep").path("a").path("b").path("c").asBoolean()).isTrue();
        assertThat(data.path("WWE_PARTY_5003").path("username").asText()).isEqualTo("agent3");

        JsonNode read = agent.get("/api/v2/me/calls/" + callId).assertOk().body().path("call").path("userData");
        assertThat(read).isEqualTo(data);
        agent.operation("/api/v2/me/calls/" + callId, "Hangup").assertOk();
    }

}
