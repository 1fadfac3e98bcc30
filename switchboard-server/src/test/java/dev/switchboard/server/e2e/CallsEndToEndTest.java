package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.telephony.Switch;

/**
 * Calls end to end, over each CometD transport: an internal call, an inbound ACD call, a two-step transfer and a
 * conference, each with the exact sequence of CallStateChangeMessages every agent receives.
 */
class CallsEndToEndTest extends EndToEndTest {
    private static final String[] VOICE = {"voice"};
    private static final Duration QUIET = Duration.ofMillis(300);

    /** An agent desktop: REST client plus a CometD session on /v2/me/*, logged in and with its device message read. */
    private record Desktop(GwsClient rest, Notifications events, String deviceId) {
        Reply call(String callId, String operation, Object... fields) {
            return rest.operation("/api/v2/me/calls/" + callId, operation, fields);
        }

        void ready() {
            rest.operation("/api/v2/me/channels/voice", "Ready").assertOk();
            events.nextDevice();
        }
    }

    private Desktop desktop(Transport transport, String userName) {
        GwsClient rest = loggedIn(userName);
        Notifications events = notifications(transport, rest, "/v2/me/*");
        rest.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        String deviceId = events.nextDevice().path("id").asText();
        return new Desktop(rest, events, deviceId);
    }

    private static Switch demoSwitch() {
        return server.contactCenter().switchNamed("Demo").orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void internalCall(Transport transport) {
        Desktop agent1 = desktop(transport, "agent1");
        Desktop agent2 = desktop(transport, "agent2");

        agent1.rest().operation("/api/v2/me/devices/" + agent1.deviceId() + "/calls", "Dial",
                "destination", Map.of("phoneNumber", "5002"), "userData", Map.of("topic", "invoice")).assertOk();
        JsonNode dialing = agent1.events().nextCall();
        assertThat(dialing.path("notificationType").asText()).isEqualTo("StatusChange");
        assertThat(dialing.path("phoneNumber").asText()).isEqualTo("5001");
        JsonNode call = dialing.path("call");
        assertThat(call.path("state").asText()).isEqualTo("Dialing");
        assertThat(call.path("callType").asText()).isEqualTo("Internal");
        assertThat(call.path("id").asText()).hasSize(32);
        assertThat(call.path("connId").asText()).hasSize(16);
        assertThat(call.path("dnis").asText()).isEqualTo("5002");
        assertThat(call.path("userData").path("topic").asText()).isEqualTo("invoice");
        assertThat(call.path("capabilities")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("Hangup", "SendDtmf", "AttachUserData", "UpdateUserData", "DeleteUserDataPair",
                        "DeleteUserData");
        assertThat(call.path("deviceUri").asText()).endsWith("/api/v2/devices/" + agent1.deviceId());
        assertThat(call.path("uri").asText()).isEqualTo(server.baseUrl() + "/api/v2/me/calls/" + call.path("id").asText());
        String callId = call.path("id").asText();

        JsonNode ringing = agent2.events().nextCall().path("call");
        assertThat(ringing.path("state").asText()).isEqualTo("Ringing");
        assertThat(ringing.path("id").asText()).isEqualTo(callId);
        assertThat(ringing.path("capabilities")).extracting(JsonNode::asText).contains("Answer");

        agent2.call(callId, "Answer").assertOk();
        assertThat(agent2.events().nextCallRow()).isEqualTo("StatusChange Established Internal [5001]");
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Established Internal [5002]");
        JsonNode viaRest = agent1.rest().get("/api/v2/me/calls/" + callId).assertOk().body().path("call");
        assertThat(viaRest.path("state").asText()).isEqualTo("Established");
        assertThat(agent1.rest().get("/api/v2/me/calls").assertOk().body().path("uris")).hasSize(1);

        agent1.call(callId, "Hangup").assertOk();
        JsonNode released = agent1.events().nextCall().path("call");
        assertThat(released.path("state").asText()).isEqualTo("Released");
        assertThat(released.path("capabilities")).isEmpty();
        assertThat(agent2.events().nextCall().path("call").path("state").asText()).isEqualTo("Released");
        assertThat(agent1.rest().get("/api/v2/me/calls").assertOk().body().path("uris")).isEmpty();
        agent1.events().assertNoMore(QUIET);
        agent2.events().assertNoMore(Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dialingABusyDestinationReportsAnErrorMessageWithTheReferenceId(Transport transport) {
        Desktop agent1 = desktop(transport, "agent1");
        Desktop agent2 = desktop(transport, "agent2");
        agent2.rest().operation("/api/v2/me/devices/" + agent2.deviceId(), "DoNotDisturbOn").assertOk();
        agent2.events().nextDevice();

        agent1.rest().operation("/api/v2/me/devices/" + agent1.deviceId() + "/calls", "Dial",
                "destination", Map.of("phoneNumber", "5002"), "referenceId", 42).assertOk();
        JsonNode released = agent1.events().nextCall().path("call");
        assertThat(released.path("state").asText()).isEqualTo("Released");
        Notifications.Received error = agent1.events().next();
        assertThat(error.channel()).isEqualTo("/v2/me/calls");
        assertThat(error.messageType()).isEqualTo("ErrorMessage");
        assertThat(error.data().path("errorCode").asInt()).isEqualTo(56);
        assertThat(error.data().path("errorMessage").asText()).contains("busy");
        assertThat(error.data().path("callUri").asText()).isEqualTo(released.path("uri").asText());
        assertThat(error.data().path("callPath").asText()).isEqualTo(released.path("path").asText());
        assertThat(error.data().path("referenceId").asInt()).isEqualTo(42);
        agent2.events().assertNoMore(QUIET);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void inboundAcdCall(Transport transport) throws Exception {
        Desktop agent3 = desktop(transport, "agent3");
        agent3.ready();

        Outcome placed = demoSwitch().customerCall("5551234", "7000", Map.of("account", "42")).get(10, TimeUnit.SECONDS);
        String callId = ((Outcome.Accepted) placed).id();
        JsonNode ringing = agent3.events().nextCall().path("call");
        assertThat(ringing.path("state").asText()).isEqualTo("Ringing");
        assertThat(ringing.path("callType").asText()).isEqualTo("Inbound");
        assertThat(ringing.path("ani").asText()).isEqualTo("5551234");
        assertThat(ringing.path("dnis").asText()).isEqualTo("7000");
        assertThat(ringing.path("userData").path("account").asText()).isEqualTo("42");

        agent3.call(callId, "Answer").assertOk();
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Established Inbound [5551234]");
        assertThat(server.contactCenter().call(callId).orElseThrow().party("5003").orElseThrow().hears()).containsExactly("5551234");

        demoSwitch().customerHangup(callId, "5551234").get(10, TimeUnit.SECONDS);
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Released Inbound []");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void rejectSendsAQueuesOfferBackAndIsRefusedOnAnEstablishedCall(Transport transport) throws Exception {
        Desktop agent3 = desktop(transport, "agent3");
        agent3.ready();
        String callId = ((Outcome.Accepted) demoSwitch().customerCall("5551235", "7000", Map.of()).get(10, TimeUnit.SECONDS)).id();
        JsonNode ringing = agent3.events().nextCall();
        assertThat(ringing.path("call").path("capabilities")).extracting(JsonNode::asText).contains("Answer", "Reject")
                .doesNotContain("ClearCall");
        assertThat(ringing.path("extensions").path("NO_ANSWER_TIMEOUT").asInt()).isEqualTo(15);
        assertThat(ringing.path("extensions").path("NO_ANSWER_ACTION").asText()).isEqualTo("notready");

        agent3.call(callId, "Reject").assertOk();
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Released Inbound [5551235]");
        assertThat(agent3.events().nextDevice().path("userState").path("state").asText()).isEqualTo("NotReady");
        assertThat(server.contactCenter().call(callId).orElseThrow().waitingAt()).isEqualTo("8000");

        agent3.ready();
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Ringing Inbound [5551235]");
        agent3.call(callId, "Answer").assertOk();
        agent3.events().nextCall();
        agent3.call(callId, "Reject").assertError(403, 3);
        agent3.events().assertNoMore(java.time.Duration.ofMillis(200));
        demoSwitch().customerHangup(callId, "5551235").get(10, TimeUnit.SECONDS);
        agent3.events().nextCall();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void twoStepTransfer(Transport transport) throws Exception {
        Desktop agent1 = desktop(transport, "agent1");
        Desktop agent2 = desktop(transport, "agent2");
        agent1.ready();
        String callId = ((Outcome.Accepted) demoSwitch().customerCall("5559876", "7000", Map.of()).get(10, TimeUnit.SECONDS)).id();
        agent1.events().nextCall();
        agent1.call(callId, "Answer").assertOk();
        agent1.events().nextCall();

        agent1.call(callId, "InitiateTransfer", "destination", Map.of("phoneNumber", "5002")).assertOk();
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Held Inbound [5559876]");
        JsonNode consult = agent1.events().nextCall().path("call");
        assertThat(consult.path("state").asText()).isEqualTo("Dialing");
        assertThat(consult.path("callType").asText()).isEqualTo("Consult");
        assertThat(consult.path("parentCallUri").asText()).endsWith("/api/v2/me/calls/" + callId);
        String consultId = consult.path("id").asText();
        JsonNode consultAtTarget = agent2.events().nextCall().path("call");
        assertThat(consultAtTarget.path("state").asText()).isEqualTo("Ringing");

        agent2.call(consultId, "Answer").assertOk();
        assertThat(agent2.events().nextCallRow()).isEqualTo("StatusChange Established Consult [5001]");
        JsonNode consultEstablished = agent1.events().nextCall().path("call");
        assertThat(consultEstablished.path("state").asText()).isEqualTo("Established");
        assertThat(consultEstablished.path("capabilities")).extracting(JsonNode::asText)
                .contains("CompleteTransfer", "CompleteConference", "SwapCalls");
        // The held call's capabilities changed with it (SwapCalls, CompleteConference are possible now).
        JsonNode held = agent1.events().nextCall().path("call");
        assertThat(held.path("state").asText()).isEqualTo("Held");
        assertThat(held.path("capabilities")).extracting(JsonNode::asText).contains("SwapCalls", "CompleteTransfer");

        // The original call survives with its id; the target moves into it and the consultation ends.
        agent1.call(consultId, "CompleteTransfer").assertOk();
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Released Inbound [5559876, 5002]");
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Released Consult []");
        JsonNode transferred = agent2.events().nextCall().path("call");
        assertThat(transferred.path("id").asText()).isEqualTo(callId);
        assertThat(transferred.path("state").asText()).isEqualTo("Established");
        assertThat(transferred.path("callType").asText()).isEqualTo("Inbound");
        assertThat(agent2.events().nextCallRow()).isEqualTo("StatusChange Released Consult []");
        assertThat(server.contactCenter().call(callId).orElseThrow().party("5559876").orElseThrow().hears()).containsExactly("5002");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void conference(Transport transport) {
        Desktop agent1 = desktop(transport, "agent1");
        Desktop agent2 = desktop(transport, "agent2");
        Desktop agent3 = desktop(transport, "agent3");
        agent1.rest().operation("/api/v2/me/devices/" + agent1.deviceId() + "/calls", "Dial",
                "destination", Map.of("phoneNumber", "5002")).assertOk();
        String callId = agent1.events().nextCall().path("call").path("id").asText();
        agent2.events().nextCall();
        agent2.call(callId, "Answer").assertOk();
        agent2.events().nextCall();
        agent1.events().nextCall();

        agent1.call(callId, "InitiateConference", "destination", Map.of("phoneNumber", "5003")).assertOk();
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Held Internal [5002]");
        String consultId = agent1.events().nextCall().path("call").path("id").asText();
        agent3.events().nextCall();
        agent3.call(consultId, "Answer").assertOk();
        agent3.events().nextCall();
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Established Consult [5003]");
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Held Internal [5002]");

        agent1.call(callId, "CompleteConference").assertOk();
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Established Internal [5002, 5003]");
        assertThat(agent1.events().nextCallRow()).isEqualTo("StatusChange Released Consult []");
        assertThat(agent2.events().nextCallRow()).isEqualTo("ParticipantsUpdated Established Internal [5001, 5003]");
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Established Internal [5001, 5002]");
        assertThat(agent3.events().nextCallRow()).isEqualTo("StatusChange Released Consult []");
        var snapshot = server.contactCenter().call(callId).orElseThrow();
        assertThat(snapshot.party("5002").orElseThrow().hears()).containsExactlyInAnyOrder("5001", "5003");

        agent2.call(callId, "Hangup").assertOk();
        assertThat(agent2.events().nextCallRow()).startsWith("StatusChange Released Internal");
        assertThat(agent1.events().nextCallRow()).isEqualTo("ParticipantsUpdated Established Internal [5003]");
        assertThat(agent3.events().nextCallRow()).isEqualTo("ParticipantsUpdated Established Internal [5001]");
    }
}
