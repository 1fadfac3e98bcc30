package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.core.view.MonitoringView;

/**
 * Supervisor monitoring end to end, over each CometD transport (docs/compatibility.md): the seed's exact ListenIn sample,
 * Coach, BargeIn into a call in progress, SwitchToListenIn / SwitchToBargeIn, MuteMonitoredUser, cancelling, and
 * monitoring a routing point by its number. Each asserts the exact notifications of supervisor and agent and who hears
 * whom as the switch sees it.
 */
class MonitoringEndToEndTest extends EndToEndTest {
    private static final String[] VOICE = {"voice"};
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String CUSTOMER = "5551234";
    /** A supervisor's device capabilities while not monitoring (GWS sample order). */
    private static final List<String> SUPERVISOR_IDLE = List.of("ForwardCallsOn", "DoNotDisturbOn", "ListenIn", "Coach", "BargeIn");
    private static final List<String> SUPERVISOR_MONITORING = List.of("ForwardCallsOn", "DoNotDisturbOn", "ListenIn", "Coach",
            "BargeIn", "CancelSupervisorMonitoring");
    private static final List<String> USER_DATA = List.of("AttachUserData", "UpdateUserData", "DeleteUserDataPair", "DeleteUserData");

    /** A desktop: REST client plus a CometD session on /v2/me/*, logged in, with its login device message read. */
    private record Desktop(GwsClient rest, Notifications events, String deviceId, String number) {
        Reply device(String operation, Object... fields) {
            return rest.operation("/api/v2/me/devices/" + deviceId, operation, fields);
        }

        Reply call(String callId, String operation, Object... fields) {
            return rest.operation("/api/v2/me/calls/" + callId, operation, fields);
        }

        void ready() {
            rest.operation("/api/v2/me/channels/voice", "Ready").assertOk();
            events.nextDevice();
        }

        String uri() {
            return server.baseUrl() + "/api/v2/devices/" + deviceId;
        }
    }

    private Desktop desktop(Transport transport, String userName) {
        GwsClient rest = loggedIn(userName);
        Notifications events = notifications(transport, rest, "/v2/me/*");
        rest.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        JsonNode device = events.nextDevice();
        return new Desktop(rest, events, device.path("id").asText(), device.path("phoneNumber").asText());
    }

    private static Switch demoSwitch() {
        return server.contactCenter().switchNamed("Demo").orElseThrow();
    }

    private static String customerCall(String to) throws Exception {
        Outcome placed = demoSwitch().customerCall(CUSTOMER, to, Map.of()).get(10, TimeUnit.SECONDS);
        return ((Outcome.Accepted) placed).id();
    }

    /** agent1 Ready, a customer calls 7000, agent1 answers; returns the call id with agent1's two messages read. */
    private static String answeredCustomerCall(Desktop agent) throws Exception {
        String callId = customerCall("7000");
        assertThat(agent.events().nextCall().path("call").path("state").asText()).isEqualTo("Ringing");
        agent.call(callId, "Answer").assertOk();
        return callId;
    }

    private static List<String> hears(String callId, String number) {
        return server.contactCenter().call(callId).orElseThrow().party(number).orElseThrow().hears();
    }

    private static List<String> participants(JsonNode call) {
        List<String> numbers = new ArrayList<>();
        call.path("participants").forEach(p -> numbers.add(p.path("phoneNumber").asText()));
        return numbers;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void listenInAsTheSeedSampleShowsIt(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        agent.ready();
        assertThat(texts(supervisor.rest().get("/api/v2/me/devices/" + supervisor.deviceId()).assertOk().body()
                .path("device").path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_IDLE);

        Reply reply = supervisor.device("ListenIn", "targetDeviceUri", agent.uri()).assertOk();
        assertThat(reply.body().toString()).isEqualTo("{\"statusCode\":0}");

        JsonNode device = supervisor.events().nextDevice();
        assertThat(device.path("id").asText()).isEqualTo(supervisor.deviceId());
        JsonNode state = device.path("supervisorMonitoringState");
        assertThat(fieldNames(state)).containsExactly("state", "mode", "scope", "targetDeviceUri", "phoneNumber", "switchName");
        assertThat(state.path("state").asText()).isEqualTo("ListenIn");
        assertThat(state.path("mode").asText()).isEqualTo("AllCalls");
        assertThat(state.path("scope").asText()).isEqualTo("Call");
        assertThat(state.path("targetDeviceUri").asText()).isEqualTo(agent.uri());
        assertThat(state.path("phoneNumber").asText()).isEqualTo("5001");
        assertThat(state.path("switchName").asText()).isEqualTo("Demo");
        assertThat(texts(device.path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_MONITORING);
        // A GET shows the very object the notification carried.
        assertThat(supervisor.rest().get("/api/v2/me/devices/" + supervisor.deviceId()).assertOk().body().path("device"))
                .isEqualTo(device);
        MonitoringView subscription = server.contactCenter().subscriptions().get(supervisor.deviceId());
        assertThat(subscription.type()).isEqualTo(MonitoringType.LISTEN_IN);
        assertThat(subscription.mode()).isEqualTo(MonitoringMode.ALL_CALLS);
        assertThat(subscription.scope()).isEqualTo(MonitoringScope.CALL);
        // The monitored agent does not learn of it.
        agent.events().assertNoMore(QUIET);

        String callId = answeredCustomerCall(agent);
        JsonNode agentCall = agent.events().nextCall().path("call");
        assertThat(agentCall.path("state").asText()).isEqualTo("Established");
        assertThat(participants(agentCall)).containsExactly(CUSTOMER);
        assertThat(agentCall.path("supervisorListeningIn").asBoolean()).isTrue();
        assertThat(agentCall.path("monitoring").asBoolean()).isFalse();

        JsonNode message = supervisor.events().nextCall();
        assertThat(message.path("notificationType").asText()).isEqualTo("StatusChange");
        assertThat(message.path("phoneNumber").asText()).isEqualTo("5005");
        JsonNode call = message.path("call");
        assertThat(call.path("id").asText()).isEqualTo(callId);
        assertThat(call.path("state").asText()).isEqualTo("Established");
        assertThat(call.path("callType").asText()).isEqualTo("Inbound");
        assertThat(call.path("deviceUri").asText()).isEqualTo(supervisor.uri());
        assertThat(call.path("monitoring").asBoolean()).isTrue();
        assertThat(call.path("mute").asText()).isEqualTo("On");
        assertThat(call.path("supervisorListeningIn").asBoolean()).isFalse();
        assertThat(call.path("monitoredUserMuted").asBoolean()).isFalse();
        assertThat(participants(call)).containsExactly(CUSTOMER, "5001");
        assertThat(texts(call.path("capabilities"))).containsExactlyInAnyOrderElementsOf(
                merge(List.of("Hangup", "SwitchToBargeIn", "MuteMonitoredUser"), USER_DATA));
        assertThat(supervisor.rest().get("/api/v2/me/calls/" + callId).assertOk().body().path("call").path("monitoring").asBoolean())
                .isTrue();

        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");

        // AllCalls: the call ends, the subscription stays.
        demoSwitch().customerHangup(callId, CUSTOMER).get(10, TimeUnit.SECONDS);
        assertThat(supervisor.events().nextCallRow()).startsWith("StatusChange Released Inbound");
        supervisor.events().assertNoMore(QUIET);
        assertThat(server.contactCenter().subscriptions()).containsKey(supervisor.deviceId());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void coachByPhoneNumberIsHeardByTheAgentOnlyAndEndsWithTheNextCall(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        agent.ready();

        supervisor.device("Coach", "phoneNumber", "5001", "supervisorMonitoringScope", "Agent", "supervisorMonitoringMode",
                "NextCall").assertOk();
        JsonNode state = supervisor.events().nextDevice().path("supervisorMonitoringState");
        assertThat(state.path("state").asText()).isEqualTo("Coach");
        assertThat(state.path("mode").asText()).isEqualTo("NextCall");
        assertThat(state.path("scope").asText()).isEqualTo("Agent");
        // The request named the number: the server fills in the device.
        assertThat(state.path("targetDeviceUri").asText()).isEqualTo(agent.uri());
        assertThat(state.path("phoneNumber").asText()).isEqualTo("5001");

        String callId = answeredCustomerCall(agent);
        assertThat(agent.events().nextCall().path("call").path("supervisorListeningIn").asBoolean()).isTrue();
        JsonNode call = supervisor.events().nextCall().path("call");
        assertThat(call.path("mute").asText()).isEqualTo("On");
        assertThat(call.path("monitoring").asBoolean()).isTrue();
        assertThat(participants(call)).containsExactly(CUSTOMER, "5001");
        assertThat(texts(call.path("capabilities"))).contains("SwitchToListenIn", "SwitchToBargeIn", "MuteMonitoredUser")
                .doesNotContain("RemoveParticipantFromConference");
        assertThat(hears(callId, "5001")).containsExactlyInAnyOrder(CUSTOMER, "5005");
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");
        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");

        // From Coach to ListenIn; there is no way back to Coach.
        supervisor.call(callId, "SwitchToListenIn").assertOk();
        JsonNode listening = supervisor.events().nextCall();
        assertThat(listening.path("notificationType").asText()).isEqualTo("StatusChange");
        assertThat(listening.path("call").path("mute").asText()).isEqualTo("On");
        assertThat(texts(listening.path("call").path("capabilities"))).contains("SwitchToBargeIn").doesNotContain("SwitchToListenIn");
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
        agent.events().assertNoMore(QUIET);

        // NextCall: the end of the monitored call ends the subscription, after the call's events.
        demoSwitch().customerHangup(callId, CUSTOMER).get(10, TimeUnit.SECONDS);
        assertThat(supervisor.events().nextCallRow()).startsWith("StatusChange Released Inbound");
        JsonNode ended = supervisor.events().nextDevice();
        assertThat(ended.has("supervisorMonitoringState")).isFalse();
        assertThat(texts(ended.path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_IDLE);
        supervisor.events().assertNoMore(QUIET);
        assertThat(server.contactCenter().subscriptions()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void bargeInJoinsTheCallInProgressAndSwitchesBothWays(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        agent.ready();
        String callId = answeredCustomerCall(agent);
        assertThat(agent.events().nextCall().path("call").path("supervisorListeningIn").asBoolean()).isFalse();

        // Both parameters, naming the same device.
        supervisor.device("BargeIn", "targetDeviceUri", "/api/v2/devices/" + agent.deviceId(), "phoneNumber", "5001").assertOk();
        assertThat(supervisor.events().nextDevice().path("supervisorMonitoringState").path("state").asText()).isEqualTo("BargeIn");
        JsonNode message = supervisor.events().nextCall();
        assertThat(message.path("notificationType").asText()).isEqualTo("StatusChange");
        JsonNode call = message.path("call");
        assertThat(call.path("id").asText()).isEqualTo(callId);
        assertThat(call.path("state").asText()).isEqualTo("Established");
        assertThat(call.path("mute").asText()).isEqualTo("Off");
        assertThat(call.path("monitoring").asBoolean()).isTrue();
        assertThat(participants(call)).containsExactly(CUSTOMER, "5001");
        assertThat(texts(call.path("capabilities"))).containsExactlyInAnyOrderElementsOf(merge(List.of("Hangup",
                "RemoveParticipantFromConference", "SwitchToListenIn", "MuteMonitoredUser"), USER_DATA));
        // Barged in, the supervisor is an ordinary participant of the agent's call.
        JsonNode agentMessage = agent.events().nextCall();
        assertThat(agentMessage.path("notificationType").asText()).isEqualTo("ParticipantsUpdated");
        assertThat(participants(agentMessage.path("call"))).containsExactly(CUSTOMER, "5005");
        assertThat(agentMessage.path("call").path("supervisorListeningIn").asBoolean()).isFalse();
        assertThat(hears(callId, CUSTOMER)).containsExactlyInAnyOrder("5001", "5005");
        assertThat(hears(callId, "5001")).containsExactlyInAnyOrder(CUSTOMER, "5005");
        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");

        supervisor.call(callId, "SwitchToListenIn").assertOk();
        JsonNode listening = supervisor.events().nextCall().path("call");
        assertThat(listening.path("mute").asText()).isEqualTo("On");
        assertThat(texts(listening.path("capabilities"))).contains("SwitchToBargeIn")
                .doesNotContain("SwitchToListenIn", "RemoveParticipantFromConference");
        JsonNode agentListened = agent.events().nextCall().path("call");
        assertThat(participants(agentListened)).containsExactly(CUSTOMER);
        assertThat(agentListened.path("supervisorListeningIn").asBoolean()).isTrue();
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");

        supervisor.call(callId, "SwitchToBargeIn").assertOk();
        JsonNode barged = supervisor.events().nextCall().path("call");
        assertThat(barged.path("mute").asText()).isEqualTo("Off");
        assertThat(texts(barged.path("capabilities"))).contains("SwitchToListenIn", "RemoveParticipantFromConference")
                .doesNotContain("SwitchToBargeIn");
        JsonNode agentBarged = agent.events().nextCall().path("call");
        assertThat(participants(agentBarged)).containsExactly(CUSTOMER, "5005");
        assertThat(agentBarged.path("supervisorListeningIn").asBoolean()).isFalse();
        assertThat(hears(callId, CUSTOMER)).containsExactlyInAnyOrder("5001", "5005");
        supervisor.events().assertNoMore(QUIET);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void muteMonitoredUserSilencesTheAgentForTheCustomer(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        agent.ready();
        supervisor.device("ListenIn", "targetDeviceUri", agent.uri()).assertOk();
        supervisor.events().nextDevice();
        String callId = answeredCustomerCall(agent);
        agent.events().nextCall();
        supervisor.events().nextCall();

        supervisor.call(callId, "MuteMonitoredUser").assertOk();
        JsonNode muted = supervisor.events().nextCall();
        assertThat(muted.path("notificationType").asText()).isEqualTo("MonitoredUserMutedStateChange");
        assertThat(muted.path("call").path("monitoredUserMuted").asBoolean()).isTrue();
        assertThat(texts(muted.path("call").path("capabilities"))).contains("UnmuteMonitoredUser").doesNotContain("MuteMonitoredUser");
        JsonNode agentMuted = agent.events().nextCall();
        assertThat(agentMuted.path("notificationType").asText()).isEqualTo("MonitoredUserMutedStateChange");
        assertThat(agentMuted.path("call").path("monitoredUserMuted").asBoolean()).isTrue();
        // The supervisor took over: the customer hears nobody, the supervisor still hears the agent.
        assertThat(hears(callId, CUSTOMER)).isEmpty();
        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");

        supervisor.call(callId, "UnmuteMonitoredUser").assertOk();
        JsonNode unmuted = supervisor.events().nextCall();
        assertThat(unmuted.path("notificationType").asText()).isEqualTo("MonitoredUserMutedStateChange");
        assertThat(unmuted.path("call").path("monitoredUserMuted").asBoolean()).isFalse();
        assertThat(texts(unmuted.path("call").path("capabilities"))).contains("MuteMonitoredUser");
        assertThat(agent.events().nextCall().path("call").path("monitoredUserMuted").asBoolean()).isFalse();
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cancelSupervisorMonitoringEndsTheSubscriptionWithOneDeviceMessage(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");
        agent.ready();

        // Idle: one message each way.
        supervisor.device("ListenIn", "targetDeviceUri", agent.uri()).assertOk();
        supervisor.events().nextDevice();
        supervisor.device("CancelSupervisorMonitoring").assertOk();
        JsonNode ended = supervisor.events().nextDevice();
        assertThat(ended.has("supervisorMonitoringState")).isFalse();
        assertThat(texts(ended.path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_IDLE);
        supervisor.events().assertNoMore(QUIET);
        assertThat(server.contactCenter().subscriptions()).isEmpty();

        // On a monitored call: the device message, then the supervisor's leg is released.
        supervisor.device("ListenIn", "targetDeviceUri", agent.uri()).assertOk();
        supervisor.events().nextDevice();
        String callId = answeredCustomerCall(agent);
        agent.events().nextCall();
        supervisor.events().nextCall();
        supervisor.device("CancelSupervisorMonitoring").assertOk();
        JsonNode endedOnCall = supervisor.events().nextDevice();
        assertThat(endedOnCall.has("supervisorMonitoringState")).isFalse();
        assertThat(texts(endedOnCall.path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_IDLE);
        JsonNode released = supervisor.events().nextCall().path("call");
        assertThat(released.path("id").asText()).isEqualTo(callId);
        assertThat(released.path("state").asText()).isEqualTo("Released");
        assertThat(released.path("capabilities")).isEmpty();
        JsonNode agentCall = agent.events().nextCall().path("call");
        assertThat(agentCall.path("state").asText()).isEqualTo("Established");
        assertThat(agentCall.path("supervisorListeningIn").asBoolean()).isFalse();
        assertThat(server.contactCenter().call(callId).orElseThrow().party("5005")).isEmpty();
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
        supervisor.events().assertNoMore(QUIET);
        assertThat(server.contactCenter().subscriptions()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routingPointMonitoringFollowsTheCallToTheAgent(Transport transport) throws Exception {
        Desktop supervisor = desktop(transport, "supervisor1");
        Desktop agent = desktop(transport, "agent1");

        supervisor.device("ListenIn", "phoneNumber", "7000").assertOk();
        JsonNode device = supervisor.events().nextDevice();
        JsonNode state = device.path("supervisorMonitoringState");
        assertThat(fieldNames(state)).containsExactly("state", "mode", "scope", "phoneNumber", "switchName");
        assertThat(state.path("state").asText()).isEqualTo("ListenIn");
        assertThat(state.path("phoneNumber").asText()).isEqualTo("7000");
        assertThat(state.path("switchName").asText()).isEqualTo("Demo");
        assertThat(texts(device.path("capabilities"))).containsExactlyElementsOf(SUPERVISOR_MONITORING);

        // The call arrives at the routing point and waits in the queue: the supervisor joins at once.
        String callId = customerCall("7000");
        JsonNode joined = supervisor.events().nextCall();
        assertThat(joined.path("notificationType").asText()).isEqualTo("StatusChange");
        assertThat(joined.path("call").path("id").asText()).isEqualTo(callId);
        assertThat(joined.path("call").path("state").asText()).isEqualTo("Established");
        assertThat(joined.path("call").path("monitoring").asBoolean()).isTrue();
        assertThat(joined.path("call").path("mute").asText()).isEqualTo("On");
        assertThat(participants(joined.path("call"))).containsExactly(CUSTOMER);

        // It follows the call to the agent.
        agent.ready();
        JsonNode ringing = agent.events().nextCall().path("call");
        assertThat(ringing.path("state").asText()).isEqualTo("Ringing");
        assertThat(ringing.path("id").asText()).isEqualTo(callId);
        JsonNode followed = supervisor.events().nextCall();
        assertThat(followed.path("notificationType").asText()).isEqualTo("ParticipantsUpdated");
        assertThat(participants(followed.path("call"))).containsExactly(CUSTOMER, "5001");
        agent.call(callId, "Answer").assertOk();
        JsonNode answered = agent.events().nextCall().path("call");
        assertThat(answered.path("state").asText()).isEqualTo("Established");
        assertThat(answered.path("supervisorListeningIn").asBoolean()).isTrue();
        assertThat(hears(callId, "5005")).containsExactlyInAnyOrder(CUSTOMER, "5001");
        assertThat(hears(callId, CUSTOMER)).containsExactly("5001");
        assertThat(hears(callId, "5001")).containsExactly(CUSTOMER);
    }

    private static List<String> merge(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
