package dev.switchboard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.server.e2e.EndToEndTest;
import dev.switchboard.server.e2e.GwsClient;
import dev.switchboard.server.e2e.Notifications;
import dev.switchboard.server.e2e.Transport;

/**
 * The floor's push at {@code /ext/v1/floor/notifications} with the Java CometD client, over both transports: a
 * supervisor hears their agents' changes (state, a call with its queue and times, who monitors) and the call list,
 * and nothing of agents outside their groups.
 */
class ConsoleFloorPushTest extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSupervisorHearsTheirAgentsAndTheirCallsOnly(Transport transport) {
        Notifications floor = unconnectedAt(transport, ConsoleEndpoint.NOTIFICATIONS, GwsClient.basicHeader("supervisor1", "password"))
                .connect().subscribe(ConsoleEndpoint.FLOOR_CHANNEL);
        GwsClient agent5 = client("agent5", GwsClient.Auth.BASIC);
        agent5.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();
        GwsClient agent1 = client("agent1", GwsClient.Auth.BASIC);
        agent1.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();

        // A logout of the previous test may still be on its way to floors connected since (the feed gathers 15 ms).
        JsonNode row = nextRowOf(floor, "agent1");
        while (row.path("state").asText().equals("LoggedOut")) {
            row = nextRowOf(floor, "agent1");
        }
        assertThat(row.path("state").asText()).isEqualTo("NotReady");
        assertThat(row.path("since").asLong()).isPositive();
        agent1.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        assertThat(nextRowOf(floor, "agent1").path("state").asText()).isEqualTo("Ready");

        client("admin", GwsClient.Auth.BASIC).post("/sim/v1/calls", "{\"from\":\"5551001\",\"to\":\"7000\"}").assertOk();
        JsonNode ringing = nextRowOf(floor, "agent1");
        while (ringing.path("calls").isEmpty()) {
            ringing = nextRowOf(floor, "agent1");
        }
        JsonNode call = ringing.path("calls").get(0);
        assertThat(call.path("state").asText()).isEqualTo("Ringing");
        assertThat(call.path("number").asText()).isEqualTo("5551001");
        assertThat(call.path("queue").asText()).isEqualTo("8000");

        String callId = call.path("id").asText();
        agent1.operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
        JsonNode answered = nextRowOf(floor, "agent1");
        while (answered.path("calls").isEmpty() || answered.path("calls").get(0).path("answeredAt").isNull()) {
            answered = nextRowOf(floor, "agent1");
        }
        assertThat(answered.path("calls").get(0).path("state").asText()).isEqualTo("Established");
        assertThat(answered.path("calls").get(0).path("answeredAt").asLong()).isGreaterThanOrEqualTo(call.path("since").asLong());
    }

    /** The next row of {@code userName} pushed on the floor; fails on a row of an agent outside supervisor1's groups. */
    private static JsonNode nextRowOf(Notifications floor, String userName) {
        while (true) {
            Notifications.Received message = floor.next();
            assertThat(message.channel()).isEqualTo(ConsoleEndpoint.FLOOR_CHANNEL);
            for (JsonNode row : message.data().path("agents")) {
                assertThat(row.path("userName").asText()).as("a row supervisor1 may see").isNotEqualTo("agent5");
                if (row.path("userName").asText().equals(userName)) {
                    return row;
                }
            }
        }
    }
}
