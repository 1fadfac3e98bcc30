package dev.switchboard.server.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.view.PartyState;
import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.http.Router;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/** The simulator API over HTTP, through the real {@link ApiServlet}; a test filter stands in for authentication. */
class SimApiTest {
    private static final String USER_HEADER = "X-Test-User";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SimHarness harness;
    private Server jetty;
    private String base;

    /** A reply: HTTP status and JSON body. */
    private record Reply(int status, JsonNode body) {
        int statusCode() {
            return body.get("statusCode").intValue();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = new SimHarness();
        Router router = new Router();
        new SimApi(harness.contactCenter).register(router);

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Filter authentication = (request, response, chain) -> {
            String userName = ((HttpServletRequest) request).getHeader(USER_HEADER);
            if (userName != null) {
                request.setAttribute(AuthFilter.USER_ATTRIBUTE, harness.user(userName));
            }
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(authentication), "/sim/v1/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ApiServlet(router)), "/sim/v1/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/sim/v1/";
    }

    @AfterEach
    void tearDown() throws Exception {
        jetty.stop();
        harness.close();
    }

    private Reply get(String user, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        return send(user, request);
    }

    private Reply post(String user, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(user, request);
    }

    private Reply send(String user, HttpRequest.Builder request) {
        if (user != null) {
            request.header(USER_HEADER, user);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
        } catch (IOException failed) {
            throw new AssertionError(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }

    private static void assertFails(Reply reply, int statusCode, int httpStatus) {
        assertThat(reply.statusCode()).as("statusCode of %s", reply.body()).isEqualTo(statusCode);
        assertThat(reply.status()).isEqualTo(httpStatus);
        assertThat(reply.body().get("statusMessage").textValue()).isNotBlank();
    }

    private String placeCall(String json) {
        Reply reply = post("admin", "calls", json);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        assertThat(reply.statusCode()).isZero();
        harness.settle();
        return reply.body().get("id").textValue();
    }

    private static JsonNode party(JsonNode call, String dn) {
        for (JsonNode party : call.get("parties")) {
            if (party.get("dn").textValue().equals(dn) && !party.get("state").textValue().equals("Released")) {
                return party;
            }
        }
        throw new AssertionError("No active party " + dn + " in " + call);
    }

    private static List<String> hears(JsonNode party) {
        List<String> result = new ArrayList<>();
        party.get("hears").forEach(n -> result.add(n.textValue()));
        return result;
    }

    @Test
    void onlyAdministratorsMayUseIt() {
        String callId = placeCall("{\"from\":\"5551001\",\"to\":\"5001\"}");
        for (String user : new String[] {"agent1", "supervisor1", null}) {
            assertFails(get(user, "calls"), 5, 403);
            assertFails(get(user, "calls/" + callId), 5, 403);
            assertFails(post(user, "calls", "{\"from\":\"5551002\",\"to\":\"5001\"}"), 5, 403);
            assertFails(post(user, "calls/" + callId, "{\"operationName\":\"Hangup\"}"), 5, 403);
        }
        assertThat(harness.call(callId).ended()).isFalse();
    }

    @Test
    void aCustomerCallShowsEveryPartyAndWhoHearsWhom() {
        harness.logInReady("agent1");
        String callId = placeCall("{\"from\":\"5551001\",\"to\":\"5001\",\"userData\":{\"Case\":\"A-7\",\"Priority\":3}}");

        JsonNode call = get("admin", "calls/" + callId).body();
        assertThat(call.get("statusCode").intValue()).isZero();
        assertThat(call.get("id").textValue()).isEqualTo(callId);
        assertThat(call.get("ani").textValue()).isEqualTo("5551001");
        assertThat(call.get("dnis").textValue()).isEqualTo("5001");
        assertThat(call.get("userData").get("Case").textValue()).isEqualTo("A-7");
        assertThat(call.get("userData").get("Priority").intValue()).isEqualTo(3);
        assertThat(party(call, "5551001").get("role").textValue()).isEqualTo("Originator");
        assertThat(party(call, "5551001").get("state").textValue()).isEqualTo("Dialing");
        assertThat(party(call, "5551001").get("external").booleanValue()).isTrue();
        assertThat(party(call, "5001").get("role").textValue()).isEqualTo("Destination");
        assertThat(party(call, "5001").get("state").textValue()).isEqualTo("Ringing");
        assertThat(hears(party(call, "5001"))).isEmpty();

        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));
        call = get("admin", "calls/" + callId).body();
        assertThat(party(call, "5001").get("state").textValue()).isEqualTo("Established");
        assertThat(hears(party(call, "5001"))).containsExactly("5551001");
        assertThat(hears(party(call, "5551001"))).containsExactly("5001");

        JsonNode live = get("admin", "calls").body();
        assertThat(live.get("statusCode").intValue()).isZero();
        assertThat(live.get("calls")).extracting(c -> c.get("id").textValue()).containsExactly(callId);
    }

    @Test
    void aCallToTheRoutingPointWaitsInTheQueueWhenNobodyIsReady() {
        String callId = placeCall("{\"from\":\"5551001\",\"to\":\"7000\"}");

        JsonNode call = get("admin", "calls/" + callId).body();
        assertThat(call.get("waitingAt").textValue()).isEqualTo("8000");
    }

    @Test
    void theCustomerSendsDigitsAndHangsUp() {
        harness.logInReady("agent1");
        String callId = placeCall("{\"from\":\"5551001\",\"to\":\"5001\"}");
        harness.accepted(harness.voiceSwitch.callOperation(harness.user("agent1"), callId, CallRequest.of(CallOperation.ANSWER)));

        Reply dtmf = post("admin", "calls/" + callId, "{\"operationName\":\"SendDtmf\",\"digits\":\"12\"}");
        assertThat(dtmf.status()).isEqualTo(200);
        assertThat(dtmf.statusCode()).isZero();
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"SendDtmf\",\"digits\":\"12x\"}"), 2, 400);
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"SendDtmf\"}"), 1, 400);

        Reply hangup = post("admin", "calls/" + callId, "{\"operationName\":\"Hangup\",\"from\":\"5551001\"}");
        assertThat(hangup.statusCode()).isZero();
        harness.settle();
        JsonNode call = get("admin", "calls/" + callId).body();
        assertThat(call.get("ended").booleanValue()).isTrue();
        assertThat(call.get("parties")).allSatisfy(p -> assertThat(p.get("state").textValue()).isEqualTo("Released"));
        assertThat(harness.callsOf("agent1")).isEmpty();
        assertThat(get("admin", "calls").body().get("calls")).isEmpty();
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"Hangup\"}"), 6, 404);
    }

    @Test
    void aCustomerAnAgentDialedAnswersOnRequest() {
        harness.logInReady("agent1");
        String callId = harness.accepted(harness.voiceSwitch.dial(harness.user("agent1"), harness.device("5001").id(), "5557777",
                Map.of()));

        Reply answer = post("admin", "calls/" + callId, "{\"operationName\":\"Answer\"}");
        assertThat(answer.statusCode()).as("%s", answer.body()).isZero();
        harness.settle();
        assertThat(harness.callsOf("agent1")).singleElement().extracting(c -> c.state()).isEqualTo(PartyState.ESTABLISHED);

        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"Answer\"}"), 3, 403);
    }

    @Test
    void unknownCallsAndBadInputFailCleanly() {
        assertFails(get("admin", "calls/NOSUCHCALL"), 6, 404);
        assertFails(post("admin", "calls/NOSUCHCALL", "{\"operationName\":\"Hangup\"}"), 6, 404);
        assertFails(post("admin", "calls", "{\"to\":\"7000\"}"), 1, 400);
        assertFails(post("admin", "calls", "{\"from\":\"5551001\"}"), 1, 400);
        assertFails(post("admin", "calls", "{\"from\":\"abc\",\"to\":\"7000\"}"), 2, 400);
        assertFails(post("admin", "calls", "{\"from\":5551001,\"to\":\"7000\"}"), 2, 400);
        assertFails(post("admin", "calls", "{\"from\":\"5551001\",\"to\":\"7000\",\"userData\":[]}"), 2, 400);
        String tooDeep = "{\"a\":".repeat(9) + "1" + "}".repeat(9);
        assertFails(post("admin", "calls", "{\"from\":\"5551001\",\"to\":\"7000\",\"userData\":" + tooDeep + "}"), 2, 400);
        assertFails(post("admin", "calls", "{\"from\":\"5001\",\"to\":\"7000\"}"), 2, 400);
        assertFails(post("admin", "calls", "{\"from\":\"5551001\",\"to\":\"4242\"}"), 6, 404);
        assertFails(post("admin", "calls", "{\"from\":"), 2, 400);

        String callId = placeCall("{\"from\":\"5551001\",\"to\":\"7000\"}");
        assertFails(post("admin", "calls/" + callId, "{}"), 1, 400);
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"Explode\"}"), 2, 400);
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"Hangup\",\"from\":\"someone\"}"), 2, 400);
        assertFails(post("admin", "calls/" + callId, "{\"operationName\":\"Hangup\",\"from\":\"5559999\"}"), 6, 404);
        assertThat(harness.call(callId).ended()).as("nothing above changed the call").isFalse();
        assertThat(harness.liveCalls()).hasSize(1);
    }
}
