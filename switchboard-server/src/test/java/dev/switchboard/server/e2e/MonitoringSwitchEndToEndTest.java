package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.MonitoringSettings.AgentNotification;
import dev.switchboard.core.supervision.MonitoringPolicy;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.MonitoringType;

/**
 * The extension {@code POST /ext/v1/me/calls/{callId}} with {@code SwitchToCoach} / {@code SwitchToListenIn} against a
 * real server (docs/compatibility.md): the supervisor stays on the call, their device announces the subscription's new
 * way, who hears whom follows, the agent hears of it as the notification policy says, the audit has the SWITCH, the
 * next call starts the switched way; refusals are GWS-shaped, and {@code /api/v2} knows no such operation.
 */
class MonitoringSwitchEndToEndTest extends EndToEndTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String CUSTOMER = "5551234";
    private static final String CUSTOMER2 = "5551235";

    /** A desktop: REST client plus a CometD session on /v2/me/*, with its session started and its device message read. */
    private record Desktop(GwsClient rest, Notifications events, String deviceId) {
        Reply switchTo(String callId, String operation) {
            return rest.operation("/ext/v1/me/calls/" + callId, operation);
        }
    }

    private Desktop desktop(Transport transport, String userName) {
        GwsClient rest = loggedIn(userName);
        Notifications events = notifications(transport, rest, "/v2/me/*");
        rest.operation("/api/v2/me", "StartContactCenterSession", "channels", List.of("voice")).assertOk();
        return new Desktop(rest, events, events.nextDevice().path("id").asText());
    }

    private static Switch demoSwitch() {
        return server.contactCenter().switchNamed("Demo").orElseThrow();
    }

    /** A customer calls agent1 (5001), who answers; returns the call id with agent1's two call messages read. */
    private static String answeredCall(Desktop agent, String customer) throws Exception {
        Outcome placed = demoSwitch().customerCall(customer, "5001", Map.of()).get(10, TimeUnit.SECONDS);
        String callId = ((Outcome.Accepted) placed).id();
        assertThat(agent.events().nextCall().path("call").path("state").asText()).isEqualTo("Ringing");
        agent.rest().operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
        assertThat(agent.events().nextCall().path("call").path("state").asText()).isEqualTo("Established");
        return callId;
    }

    private static List<String> hears(String callId, String number) {
        return server.contactCenter().call(callId).orElseThrow().party(number).orElseThrow().hears();
    }

    /** The monitoring state the supervisor's next device message carries. */
    private static String nextMonitoringState(Desktop supervisor) {
        return supervisor.events().nextDevice().path("supervisorMonitoringState").path("state").asText();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void listenInSwitchesToCoachOnTheCallAndTheNextCallIsCoached(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        supervisor.rest().operation("/api/v2/me/devices/" + supervisor.deviceId(), "ListenIn", "phoneNumber", "5001").assertOk();
        assertThat(nextMonitoringState(supervisor)).isEqualTo("ListenIn");
        String callId = answeredCall(agent, CUSTOMER);
        assertThat(supervisor.events().nextCall().path("call").path("id").asText()).isEqualTo(callId);
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);

        Reply reply = supervisor.switchTo(callId, "SwitchToCoach").assertOk();
        assertThat(reply.body().toString()).isEqualTo("{\"statusCode\":0}");
        assertThat(nextMonitoringState(supervisor)).isEqualTo("Coach");
        JsonNode coaching = supervisor.events().nextCall();
        assertThat(coaching.path("notificationType").asText()).isEqualTo("StatusChange");
        assertThat(coaching.path("call").path("id").asText()).as("the same call: the supervisor stayed on it").isEqualTo(callId);
        assertThat(coaching.path("call").path("state").asText()).isEqualTo("Established");
        assertThat(coaching.path("call").path("mute").asText()).isEqualTo("On");
        assertThat(texts(coaching.path("call").path("capabilities"))).contains("SwitchToListenIn", "SwitchToBargeIn");
        assertThat(hears(callId, "5001")).containsExactlyInAnyOrder(CUSTOMER, "5005");
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");
        assertThat(server.contactCenter().subscriptions().get(supervisor.deviceId()).type()).isEqualTo(MonitoringType.COACH);
        AgentNotification policy = demoSwitch().environment().monitoring().agentNotification();
        if (MonitoringPolicy.tellsAgent(policy, MonitoringType.LISTEN_IN) == MonitoringPolicy.tellsAgent(policy, MonitoringType.COACH)) {
            agent.events().assertNoMore(QUIET);
        } else {
            assertThat(agent.events().nextCall().path("call").path("supervisorListeningIn").asBoolean())
                    .isEqualTo(MonitoringPolicy.tellsAgent(policy, MonitoringType.COACH));
        }
        supervisor.events().assertNoMore(QUIET);

        supervisor.switchTo(callId, "SwitchToListenIn").assertOk();
        assertThat(nextMonitoringState(supervisor)).isEqualTo("ListenIn");
        assertThat(supervisor.events().nextCall().path("call").path("id").asText()).isEqualTo(callId);
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
        supervisor.switchTo(callId, "SwitchToCoach").assertOk();
        assertThat(nextMonitoringState(supervisor)).isEqualTo("Coach");
        assertThat(supervisor.events().nextCall().path("call").path("id").asText()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auditSwitches(callId)).containsExactly(
                "Coach (call and subscription)", "ListenIn (call and subscription)", "Coach (call and subscription)"));

        // AllCalls: the next call starts coached.
        demoSwitch().customerHangup(callId, CUSTOMER).get(10, TimeUnit.SECONDS);
        assertThat(supervisor.events().nextCallRow()).startsWith("StatusChange Released Inbound");
        assertThat(agent.events().nextCall().path("call").path("state").asText()).isEqualTo("Released");
        String next = answeredCall(agent, CUSTOMER2);
        assertThat(supervisor.events().nextCall().path("call").path("id").asText()).isEqualTo(next);
        assertThat(hears(next, "5001")).containsExactlyInAnyOrder(CUSTOMER2, "5005");
    }

    @Test
    void refusalsAreGwsShaped() throws Exception {
        Desktop supervisor = desktop(Transport.WEBSOCKET, "supervisor1");
        Desktop agent = desktop(Transport.WEBSOCKET, "agent1");
        supervisor.rest().operation("/api/v2/me/devices/" + supervisor.deviceId(), "Coach", "phoneNumber", "5001").assertOk();
        String callId = answeredCall(agent, CUSTOMER);
        assertThat(nextMonitoringState(supervisor)).isEqualTo("Coach");
        assertThat(supervisor.events().nextCall().path("call").path("id").asText()).isEqualTo(callId);

        supervisor.switchTo(callId, "SwitchToCoach").assertError(403, 3);
        supervisor.switchTo(callId, "SwitchToBargeIn").assertError(400, 2);
        supervisor.rest().operation("/ext/v1/me/calls/" + callId, null).assertError(400, 1);
        supervisor.switchTo("no-such-call", "SwitchToListenIn").assertError(404, 6);
        agent.switchTo(callId, "SwitchToListenIn").assertError(403, 5);
        // The agent's own call is not theirs to switch even as a supervisor: supervisor2 is no party of it.
        loggedIn("supervisor2").operation("/ext/v1/me/calls/" + callId, "SwitchToListenIn").assertError(404, 6);
        // GWS stays GWS: no SwitchToCoach under /api/v2.
        supervisor.rest().operation("/api/v2/me/calls/" + callId, "SwitchToCoach").assertError(400, 2);
        assertThat(server.contactCenter().subscriptions().get(supervisor.deviceId()).type()).isEqualTo(MonitoringType.COACH);

        // A call of the supervisor's own is no monitoring call.
        supervisor.rest().operation("/api/v2/me/calls/" + callId, "Hangup").assertOk();
        supervisor.rest().operation("/api/v2/me/devices/" + supervisor.deviceId() + "/calls", "Dial", "destination",
                Map.of("phoneNumber", CUSTOMER2)).assertOk();
        assertThat(supervisor.events().nextCallRow()).startsWith("StatusChange Released");
        JsonNode own = supervisor.events().nextCall().path("call");
        assertThat(own.path("monitoring").asBoolean()).isFalse();
        supervisor.switchTo(own.path("id").asText(), "SwitchToListenIn").assertError(403, 3);
    }

    /** The details of the audit's SWITCH entries on the call, oldest first. */
    private List<String> auditSwitches(String callId) {
        List<String> details = new ArrayList<>();
        for (JsonNode entry : client("admin", GwsClient.Auth.BASIC).get("/ext/v1/monitoring/audit").assertOk().body().path("entries")) {
            if (entry.path("kind").asText().equals("SWITCH") && entry.path("callId").asText().equals(callId)) {
                details.add(entry.path("detail").asText());
            }
        }
        return details;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
