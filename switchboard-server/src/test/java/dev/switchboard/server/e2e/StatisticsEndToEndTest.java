package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Genesys's Statistics API v3 against a real server with the demo floor: every REST operation with a bearer token,
 * what each role may see, and updates over the statistics' own CometD endpoint (the CometD Java client, both
 * transports) as agents change state and simulated calls flow.
 */
class StatisticsEndToEndTest extends EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/statistics/v3";

    /** A statistics reply: HTTP status and body. */
    record StatsReply(int status, JsonNode body) {
        JsonNode data() {
            return body.path("data");
        }

        StatsReply assertOk() {
            assertThat(status).as("HTTP status of %s", body).isEqualTo(200);
            assertThat(body.path("status").path("code").asInt(-1)).as("status of %s", body).isZero();
            return this;
        }

        StatsReply assertError(int httpStatus) {
            assertThat(status).as("HTTP status of %s", body).isEqualTo(httpStatus);
            assertThat(body.path("status").path("code").asInt()).isEqualTo(httpStatus);
            assertThat(body.path("status").path("message").asText()).isNotBlank();
            return this;
        }
    }

    private static StatsReply call(String token, HttpMethod method, String path, String json) throws Exception {
        Request request = http.newRequest(server.baseUrl() + API + path).method(method).timeout(10, TimeUnit.SECONDS)
                .headers(h -> {
                    if (token != null) {
                        h.put(HttpHeader.AUTHORIZATION, "Bearer " + token);
                    }
                    h.put("x-api-key", "any");
                });
        if (json != null) {
            request.body(new StringRequestContent("application/json", json));
        }
        ContentResponse response = request.send();
        return new StatsReply(response.getStatus(), JSON.readTree(response.getContentAsString()));
    }

    private static String subscription(String operationId, String... statistics) {
        return "{\"operationId\":\"" + operationId + "\",\"data\":{\"statistics\":[" + String.join(",", statistics) + "]}}";
    }

    private static String stat(String statisticId, String objectType, String objectId, String name) {
        return "{\"statisticId\":\"" + statisticId + "\",\"objectType\":\"" + objectType + "\",\"objectId\":\"" + objectId
                + "\",\"name\":\"" + name + "\"}";
    }

    @Test
    void everyRestOperationAnswersInGenesysShape() throws Exception {
        String token = TokenEndToEndTest.tokenFor("supervisor1");
        StatsReply created = call(token, HttpMethod.POST, "/subscriptions?verbose=INFO", subscription("op-1",
                stat("s1", "Agent", "agent1", "CurrentAgentState"),
                stat("s2", "AgentGroup", "Sales", "TotalHandledCalls"),
                stat("s3", "Queue", "8000", "CurrentNumberWaitingCalls"),
                stat("s4", "RoutePoint", "7000", "TotalOfferedCalls"),
                stat("s5", "Queue", "8000", "AgentsByState"),
                "{\"statisticId\":\"s6\",\"objectType\":\"AgentGroup\",\"objectId\":\"Sales\",\"name\":\"AverageHandleTime\","
                        + "\"interval\":\"Last15Minutes\"}")).assertOk();
        assertThat(created.data().path("subscriptionId").asText()).isEqualTo("op-1");
        assertThat(created.data().path("operationId").asText()).isEqualTo("op-1");
        JsonNode statistics = created.data().path("statistics");
        assertThat(statistics).hasSize(6);
        JsonNode state = statistics.get(0);
        assertThat(state.fieldNames()).toIterable().containsExactly("statisticId", "name", "objectId", "objectType", "timestamp",
                "value");
        assertThat(state.path("value").path("state").asText()).isEqualTo("LoggedOut");
        assertThat(statistics.get(1).path("interval").asText()).isEqualTo("Today");
        assertThat(statistics.get(1).path("value").path("intValue").isIntegralNumber()).isTrue();
        assertThat(statistics.get(2).path("value").path("intValue").asInt()).isZero();
        assertThat(statistics.get(4).path("value").path("LoggedOut").asInt()).isEqualTo(7);
        assertThat(statistics.get(5).path("interval").asText()).isEqualTo("Last15Minutes");

        StatsReply peeked = call(token, HttpMethod.GET, "/subscriptions/op-1/statistic-values?statisticIds=s1,s3&verbose=OFF", null)
                .assertOk();
        assertThat(peeked.data().path("subscriptionId").asText()).isEqualTo("op-1");
        assertThat(peeked.data().path("statistics")).extracting(node -> node.path("statisticId").asText()).containsExactly("s1", "s3");
        assertThat(peeked.data().path("statistics").get(0).fieldNames()).toIterable().containsExactly("statisticId", "timestamp",
                "value");
        assertThat(call(token, HttpMethod.GET, "/subscriptions/op-1/statistic-values", null).assertOk().data().path("statistics"))
                .hasSize(6);

        call(token, HttpMethod.POST, "/subscriptions", subscription("op-1", stat("x", "Agent", "agent1", "CurrentAgentState")))
                .assertError(409);

        JsonNode one = call(token, HttpMethod.GET, "/statistic-values/CurrentAgentState?objectId=agent1&objectType=Agent", null)
                .assertOk().data().path("statistic");
        assertThat(one.fieldNames()).toIterable().containsExactly("name", "objectId", "objectType", "timestamp", "value");
        assertThat(one.path("objectId").asText()).isEqualTo("agent1");

        JsonNode several = call(token, HttpMethod.POST, "/operations/get-statistic-ex",
                "{\"data\":{\"statistics\":[{\"objectId\":\"8000\",\"objectType\":\"Queue\",\"name\":\"ServiceLevel\"},"
                        + "{\"objectId\":\"7000\",\"objectType\":\"RoutePoint\",\"name\":\"TotalAbandonedCalls\"}]}}")
                .assertOk().data().path("statistics");
        assertThat(several).extracting(node -> node.path("name").asText()).containsExactly("ServiceLevel", "TotalAbandonedCalls");
        assertThat(several.get(0).path("value").has("doubleValue")).isTrue();

        call(token, HttpMethod.DELETE, "/subscriptions/op-1", null).assertOk();
        call(token, HttpMethod.DELETE, "/subscriptions/op-1", null).assertError(404);
        call(token, HttpMethod.GET, "/subscriptions/op-1/statistic-values", null).assertError(404);
    }

    @Test
    void eachUserSeesOnlyWhatTheirRoleAndGroupsAllow() throws Exception {
        String agent = TokenEndToEndTest.tokenFor("agent1");
        call(agent, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent1&objectType=Agent", null).assertOk();
        call(agent, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent2&objectType=Agent", null).assertError(403);
        call(agent, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=Sales&objectType=AgentGroup", null).assertError(403);
        call(agent, HttpMethod.POST, "/subscriptions", subscription("a", stat("q", "Queue", "8000", "CurrentNumberWaitingCalls")))
                .assertError(403);

        String supervisor = TokenEndToEndTest.tokenFor("supervisor1");
        call(supervisor, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent2&objectType=Agent", null).assertOk();
        call(supervisor, HttpMethod.GET, "/statistic-values/ServiceLevel?objectId=7000&objectType=RoutePoint", null).assertOk();
        // agent5 is in Support, which supervisor1 does not supervise.
        call(supervisor, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent5&objectType=Agent", null).assertError(403);
        call(supervisor, HttpMethod.GET, "/statistic-values/AgentsByState?objectId=Support&objectType=AgentGroup", null).assertError(403);

        String admin = TokenEndToEndTest.tokenFor("admin");
        call(admin, HttpMethod.GET, "/statistic-values/AgentsByState?objectId=Support&objectType=AgentGroup", null).assertOk();

        call(admin, HttpMethod.GET, "/statistic-values/NoSuchStatistic?objectId=agent1&objectType=Agent", null).assertError(400);
        call(admin, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=nobody&objectType=Agent", null).assertError(400);
        call(admin, HttpMethod.GET, "/statistic-values/CurrentAgentState?objectId=8000&objectType=Queue", null).assertError(400);
        call(admin, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent1&objectType=Agent&interval=Yesterday", null)
                .assertError(400);
        assertThat(call(null, HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent1&objectType=Agent", null).status())
                .isEqualTo(401);
        assertThat(call("forged", HttpMethod.GET, "/statistic-values/TotalHandledCalls?objectId=agent1&objectType=Agent", null).status())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void valuesArePushedAsAgentsChangeAndCallsFlow(Transport transport) throws Exception {
        String token = TokenEndToEndTest.tokenFor("supervisor1");
        Notifications updates = unconnectedAt(transport, "/statistics/v3/notifications", "Bearer " + token).connect()
                .subscribe("/statistics/v3/service");
        Notifications.Received service = updates.next();
        assertThat(service.channel()).isEqualTo("/statistics/v3/service");
        assertThat(service.data().path("data").path("serviceState").asText()).isEqualTo("Available");
        updates.subscribe("/statistics/v3/updates");

        String id = "live-" + transport;
        call(token, HttpMethod.POST, "/subscriptions", subscription(id,
                stat("state", "Agent", "agent1", "CurrentAgentState"),
                stat("waiting", "Queue", "8000", "CurrentNumberWaitingCalls"),
                stat("answered", "Queue", "8000", "TotalAnsweredCalls"),
                stat("handled", "Agent", "agent1", "TotalHandledCalls"))).assertOk();
        long answeredBefore = call(token, HttpMethod.GET, "/subscriptions/" + id + "/statistic-values?statisticIds=answered", null)
                .data().path("statistics").get(0).path("value").path("intValue").asLong();
        long handledBefore = call(token, HttpMethod.GET, "/subscriptions/" + id + "/statistic-values?statisticIds=handled", null)
                .data().path("statistics").get(0).path("value").path("intValue").asLong();

        GwsClient agent1 = loggedIn("agent1");
        agent1.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();
        assertThat(nextValue(updates, id, "state").path("state").asText()).isEqualTo("NotReady");
        agent1.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        assertThat(nextValue(updates, id, "state").path("state").asText()).isEqualTo("Ready");

        GwsClient admin = client("admin", GwsClient.Auth.BASIC);
        JsonNode placed = admin.post("/sim/v1/calls", "{\"from\":\"5551001\",\"to\":\"7000\"}").assertOk().body();
        assertThat(nextValue(updates, id, "waiting").path("intValue").asInt()).isEqualTo(1);
        String callId = agent1.get("/api/v2/me/calls?fields=id").assertOk().body().path("calls").get(0).path("id").asText();
        agent1.operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
        List<JsonNode> answer = nextValues(updates, id, 2);
        assertThat(answer).extracting(s -> s.path("statisticId").asText()).containsExactlyInAnyOrder("waiting", "answered");
        assertThat(answer).filteredOn(s -> s.path("statisticId").asText().equals("answered")).singleElement()
                .satisfies(s -> assertThat(s.path("value").path("intValue").asLong()).isEqualTo(answeredBefore + 1));

        admin.operation("/sim/v1/calls/" + placed.path("id").asText(), "Hangup").assertOk();
        JsonNode handled = nextValue(updates, id, "handled");
        assertThat(handled.path("intValue").asLong()).isEqualTo(handledBefore + 1);
        assertThat(nextValue(updates, id, "state").path("state").asText()).as("Sales' wrap-up").isEqualTo("AfterCallWork");

        JsonNode peek = call(token, HttpMethod.GET, "/subscriptions/" + id + "/statistic-values", null).assertOk().data();
        assertThat(peek.path("statistics")).filteredOn(s -> s.path("statisticId").asText().equals("handled")).singleElement()
                .satisfies(s -> assertThat(s.path("value").path("intValue").asLong()).isEqualTo(handledBefore + 1));
        call(token, HttpMethod.DELETE, "/subscriptions/" + id, null).assertOk();
    }

    /** The next update of the subscription: its one statistic, which must be {@code statisticId}; returns its value. */
    private static JsonNode nextValue(Notifications updates, String subscriptionId, String statisticId) {
        List<JsonNode> values = nextValues(updates, subscriptionId, 1);
        assertThat(values.get(0).path("statisticId").asText()).as("update %s", values).isEqualTo(statisticId);
        return values.get(0).path("value");
    }

    /** The statistics of the next updates of the subscription, until there are {@code count}. */
    private static List<JsonNode> nextValues(Notifications updates, String subscriptionId, int count) {
        List<JsonNode> values = new ArrayList<>();
        while (values.size() < count) {
            Notifications.Received received = updates.next();
            assertThat(received.channel()).isEqualTo("/statistics/v3/updates");
            JsonNode data = received.data().path("data");
            assertThat(data.path("subscriptionId").asText()).isEqualTo(subscriptionId);
            data.path("statistics").forEach(values::add);
        }
        assertThat(values).as("no more than %d values", count).hasSize(count);
        return values;
    }

    @Test
    void aStatisticsHandshakeNeedsCredentials() {
        assertThat(unconnectedAt(Transport.LONG_POLLING, "/statistics/v3/notifications", null).handshake().isSuccessful()).isFalse();
    }
}
