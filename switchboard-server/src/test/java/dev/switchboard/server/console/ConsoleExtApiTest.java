package dev.switchboard.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.switchboard.server.e2e.EndToEndTest;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.server.e2e.Reply;

/**
 * The console's extensions against a real server: {@code GET /ext/v1/floor} shows a supervisor their groups' agents
 * (and an administrator everyone), {@code POST /ext/v1/agents/{userName}} lets a supervisor act on their agents only,
 * as monitoring does, and every action and refusal lands in the monitoring audit.
 */
class ConsoleExtApiTest extends EndToEndTest {

    @Test
    void theFloorShowsTheSupervisedGroupsOnlyAndNotToAgents() {
        GwsClient supervisor = client("supervisor1", GwsClient.Auth.BASIC);
        Reply floor = supervisor.get("/ext/v1/floor").assertOk();
        assertThat(userNames(floor.body().path("agents"))).containsExactly("agent1", "agent2", "agent3", "agent4", "bot1", "bot2",
                "bot3");
        assertThat(floor.body().path("points").findValuesAsText("number")).containsExactlyInAnyOrder("7000", "8000");
        assertThat(floor.body().path("thresholds").path("notReadySeconds").asInt()).isEqualTo(300);
        assertThat(floor.body().path("thresholds").path("serviceLevelSeconds").asInt()).isEqualTo(20);

        assertThat(userNames(client("admin", GwsClient.Auth.BASIC).get("/ext/v1/floor").assertOk().body().path("agents")))
                .contains("agent5", "supervisor1");
        client("agent1", GwsClient.Auth.BASIC).get("/ext/v1/floor").assertError(403, 5);
    }

    @Test
    void aSupervisorSetsTheirAgentsStatesEndsAWrapUpAndLogsThemOut() {
        GwsClient agent = client("agent1", GwsClient.Auth.BASIC);
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();
        GwsClient supervisor = loggedIn("supervisor1");

        supervisor.operation("/ext/v1/agents/agent1", "Ready").assertOk();
        assertThat(userState(agent).path("state").asText()).isEqualTo("Ready");
        supervisor.operation("/ext/v1/agents/agent1", "NotReady", "reasonCode", "Lunch").assertOk();
        assertThat(userState(agent).path("reason").asText()).isEqualTo("Lunch");

        // A stuck wrap-up: after-call work with no end.
        agent.operation("/api/v2/me/channels/voice", "AfterCallWork").assertOk();
        assertThat(userState(agent).path("workMode").asText()).isEqualTo("AfterCallWork");
        supervisor.operation("/ext/v1/agents/agent1", "EndWrapUp").assertOk();
        assertThat(userState(agent).path("state").asText()).isEqualTo("Ready");
        supervisor.operation("/ext/v1/agents/agent1", "EndWrapUp").assertError(403, 3);

        supervisor.operation("/ext/v1/agents/agent1", "Logout").assertOk();
        assertThat(userState(agent).path("state").asText()).isEqualTo("LoggedOut");

        List<String> actions = auditOf("AGENT_ACTION");
        assertThat(actions).containsSubsequence("supervisor1 agent1 Ready", "supervisor1 agent1 NotReady reasonCode=Lunch",
                "supervisor1 agent1 EndWrapUp", "supervisor1 agent1 Logout");
    }

    @Test
    void actionsOutsideTheSupervisorsGroupsAreRefusedLikeMonitoringAndAudited() {
        client("agent5", GwsClient.Auth.BASIC).operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice"))
                .assertOk();
        GwsClient supervisor = client("supervisor1", GwsClient.Auth.BASIC);
        Reply refused = supervisor.operation("/ext/v1/agents/agent5", "Ready").assertError(403, 5);
        assertThat(refused.statusMessage()).isEqualTo("User 'supervisor1' does not supervise a group of agent 'agent5'");
        // Monitoring the same agent is refused the same way.
        supervisor.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();
        String device = supervisor.get("/api/v2/me/devices?fields=id").body().path("devices").get(0).path("id").asText();
        supervisor.operation("/api/v2/me/devices/" + device, "ListenIn", "phoneNumber", "5007").assertError(403, 5);

        client("agent2", GwsClient.Auth.BASIC).operation("/ext/v1/agents/agent1", "Ready").assertError(403, 5);
        supervisor.operation("/ext/v1/agents/nobody", "Ready").assertError(404, 6);
        supervisor.operation("/ext/v1/agents/agent1", "Dance").assertError(400, 2);
        supervisor.operation("/ext/v1/agents/agent1", "NotReady", "reasonCode", "Break").assertError(400, 2);

        assertThat(auditOf("AGENT_ACTION_DENIAL")).contains(
                "supervisor1 agent5 Ready: User 'supervisor1' does not supervise a group of agent 'agent5'",
                "agent2 agent1 Ready: User 'agent2' has no supervisor role");
        assertThat(client("admin", GwsClient.Auth.BASIC).get("/ext/v1/monitoring/audit").body().path("chainValid").asBoolean())
                .isTrue();
    }

    private static JsonNode userState(GwsClient agent) {
        return agent.get("/api/v2/me/devices?fields=userState").assertOk().body().path("devices").get(0).path("userState");
    }

    /** "supervisor target detail" of every audit entry of this kind, oldest first. */
    private List<String> auditOf(String kind) {
        List<String> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            found.clear();
            for (JsonNode entry : client("admin", GwsClient.Auth.BASIC).get("/ext/v1/monitoring/audit").body().path("entries")) {
                if (entry.path("kind").asText().equals(kind)) {
                    found.add(entry.path("supervisorUserName").asText() + " " + entry.path("target").asText() + " "
                            + entry.path("detail").asText());
                }
            }
            assertThat(found).isNotEmpty();
        });
        return found;
    }

    private static List<String> userNames(JsonNode agents) {
        List<String> names = new ArrayList<>();
        agents.forEach(agent -> names.add(agent.path("userName").asText()));
        return names;
    }
}
