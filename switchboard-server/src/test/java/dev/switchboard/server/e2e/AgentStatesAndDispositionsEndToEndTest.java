package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.store.AgentStateEntry;

/**
 * The settings a desktop builds its menus from and what it sends with them: agent states with reasons (the demo's
 * Lunch, Break as AuxWork, Training) and call dispositions (Sale, NoSale, Callback under DispositionCode).
 */
class AgentStatesAndDispositionsEndToEndTest extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void notReadyWithAReasonShowsTheConfiguredStateAndIsKeptInTheHistory(Transport transport) {
        GwsClient agent = loggedIn("agent3");
        Notifications events = notifications(transport, agent, "/v2/me/devices");

        JsonNode states = agent.get("/api/v2/settings/agent-states").assertOk().body().path("settings");
        assertThat(states).extracting(s -> s.path("displayName").asText())
                .containsExactly("Not Ready", "Offline", "AfterCallWork", "Ready", "AuxWork", "Out to Lunch", "Short break", "Training");
        JsonNode lunch = states.get(5);
        assertThat(lunch.path("operationName").asText()).isEqualTo("NotReady");
        assertThat(lunch.path("reason").asText()).isEqualTo("Lunch");
        assertThat(states.get(6).path("operationName").asText()).isEqualTo("AuxWork");
        assertThat(agent.get("/api/v2/settings/general-settings").assertOk().body().path("settings").path("countryCode").asText())
                .isEqualTo("US");

        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        events.nextDevice();
        agent.operation("/api/v2/me/channels/voice", "NotReady", "reasonCode", "Lunch").assertOk();
        JsonNode userState = events.nextDevice().path("userState");
        assertThat(userState.path("id").asText()).isEqualTo(lunch.path("id").asText());
        assertThat(userState.path("displayName").asText()).isEqualTo("Out to Lunch");
        assertThat(userState.path("state").asText()).isEqualTo("NotReady");
        assertThat(userState.path("reason").asText()).isEqualTo("Lunch");
        assertThat(agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("userState"))
                .isEqualTo(userState);

        agent.operation("/api/v2/me/channels/voice", "AuxWork", "reason", "Break").assertOk();
        userState = events.nextDevice().path("userState");
        assertThat(userState.path("workMode").asText()).isEqualTo("AuxWork");
        assertThat(userState.path("reason").asText()).isEqualTo("Break");

        agent.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        assertThat(events.nextDevice().path("userState").has("reason")).isFalse();

        String userId = server.contactCenter().directory().userByName("agent3").orElseThrow().id();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                server.agentHistory().history(userId, 3)).extracting(AgentStateEntry::reason).containsExactly(null, "Break", "Lunch"));

        JsonNode settings = agent.get("/api/v2/me?subresources=settings").assertOk().body().path("user").path("settings");
        assertThat(settings.path("general-settings").isObject()).isTrue();
        assertThat(settings.path("agent-states").isObject()).isTrue();
        assertThat(settings.path("dispositions").path("dispositionKey").asText()).isEqualTo("DispositionCode");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unknownAndMismatchedReasonsAreRefusedAndChangeNothing(Transport transport) {
        GwsClient agent = loggedIn("agent4");
        Notifications events = notifications(transport, agent, "/v2/me/devices");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        events.nextDevice();

        Reply unknown = agent.operation("/api/v2/me/channels/voice", "NotReady", "reasonCode", "Nap");
        unknown.assertError(400, 2);
        assertThat(unknown.body().path("statusMessage").asText()).contains("Nap").contains("Lunch");
        agent.operation("/api/v2/me/channels/voice", "NotReady", "reasonCode", "Break").assertError(400, 2);
        agent.operation("/api/v2/me/channels/voice", "NotReady", "reasonCode", "Lunch", "reason", "Training").assertError(400, 2);
        agent.operation("/api/v2/me/channels/voice", "NotReady", "reasonCode", 7).assertError(400, 2);
        events.assertNoMore(Duration.ofMillis(200));
        assertThat(agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0).path("userState")
                .has("reason")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDispositionGoesIntoTheCallsUserDataAndBadOnesChangeNothing(Transport transport) {
        GwsClient agent = loggedIn("agent1");
        Notifications events = notifications(transport, agent, "/v2/me/*");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        String deviceId = events.nextDevice().path("id").asText();
        JsonNode codes = agent.get("/api/v2/settings/dispositions").assertOk().body();
        assertThat(codes.path("dispositionKey").asText()).isEqualTo("DispositionCode");
        assertThat(codes.path("settings")).extracting(c -> c.path("name").asText()).containsExactly("Sale", "NoSale", "Callback");

        agent.operation("/api/v2/me/devices/" + deviceId + "/calls", "Dial", "destination", Map.of("phoneNumber", "5559001")).assertOk();
        String callId = events.nextCall().path("call").path("id").asText();
        assertThat(events.nextCall().path("call").path("state").asText()).isEqualTo("Established");

        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition", "disposition", "Sale").assertOk();
        JsonNode changed = events.nextCall();
        assertThat(changed.path("notificationType").asText()).isEqualTo("AttachedDataChanged");
        assertThat(changed.path("call").path("userData").path("DispositionCode").asText()).isEqualTo("Sale");
        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition", "disposition", "Callback", "dispositionKey", "Outcome")
                .assertOk();
        assertThat(events.nextCall().path("call").path("userData").path("Outcome").asText()).isEqualTo("Callback");

        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition", "disposition", "Maybe").assertError(400, 2);
        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition").assertError(400, 1);
        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition", "disposition", List.of("Sale")).assertError(400, 2);
        events.assertNoMore(Duration.ofMillis(200));

        agent.operation("/api/v2/me/calls/" + callId, "Hangup").assertOk();
        events.nextCall();
        // A released call is no longer the agent's.
        agent.operation("/api/v2/me/calls/" + callId, "SetCallDisposition", "disposition", "Sale").assertError(404, 6);
    }
}
