package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;

/**
 * Bad input for every call operation, against a real server: agent1 and agent2 are on an established internal call,
 * agent3 is logged in and idle, agent4 has no session. Each case asserts the HTTP status, statusCode and message, and
 * that nothing changed anywhere: sessions, devices, every user's calls, and every live call as the switch sees it.
 */
class CallBadInputEndToEndTest extends EndToEndTest {
    private static final String UNKNOWN_CALL = "0123456789ABCDEF0123456789ABCDEF";
    private static final Map<String, String> DESTINATION = Map.of("phoneNumber", "5004");

    /** The call agent1 and agent2 share, and agent1's device, as a case needs them. */
    private record Scene(String callId, String agent1Device, String agent3Device, String agent4Device) {
    }

    /** One bad request: who sends it, where, with what, and the expected answer. */
    private record Case(String name, String user, Function<Scene, String> path, Object[] body, int httpStatus, int statusCode,
                        String messageFragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case onCall(String name, String operation, Object[] fields, int httpStatus, int statusCode, String fragment) {
        return new Case(name, "agent1", scene -> "/api/v2/me/calls/" + scene.callId(), with(operation, fields), httpStatus,
                statusCode, fragment);
    }

    private static Object[] with(String operation, Object... fields) {
        Object[] body = new Object[fields.length + 1];
        body[0] = operation;
        System.arraycopy(fields, 0, body, 1, fields.length);
        return body;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Not among the established call's capabilities: statusCode 3.
        for (String operation : new String[] {"Answer", "Retrieve", "CompleteTransfer", "CompleteConference", "SwapCalls", "ClearCall",
            "UnmuteCall"}) {
            cases.add(onCall(operation + " on an established two-party call", operation, new Object[0], 403, 3, operation));
        }
        cases.add(onCall("RemoveParticipantFromConference outside a conference", "RemoveParticipantFromConference",
                new Object[] {"participant", "5002"}, 403, 3, "RemoveParticipantFromConference"));
        // Recording needs the feature: statusCode 5.
        for (String operation : new String[] {"StartCallRecording", "StopCallRecording", "PauseCallRecording", "ResumeCallRecording"}) {
            cases.add(onCall(operation + " without api-voice-recording", operation, new Object[0], 403, 5, "api-voice-recording"));
        }
        // Every operation on an unknown call and on another user's call: statusCode 6.
        Map<String, Object[]> valid = new LinkedHashMap<>();
        valid.put("Answer", new Object[0]);
        valid.put("Hangup", new Object[0]);
        valid.put("Hold", new Object[0]);
        valid.put("Retrieve", new Object[0]);
        valid.put("InitiateTransfer", new Object[] {"destination", DESTINATION});
        valid.put("CompleteTransfer", new Object[0]);
        valid.put("SingleStepTransfer", new Object[] {"destination", DESTINATION});
        valid.put("InitiateConference", new Object[] {"destination", DESTINATION});
        valid.put("CompleteConference", new Object[0]);
        valid.put("SingleStepConference", new Object[] {"destination", DESTINATION});
        valid.put("RemoveParticipantFromConference", new Object[] {"participant", "5002"});
        valid.put("SwapCalls", new Object[0]);
        valid.put("ClearCall", new Object[0]);
        valid.put("SendDtmf", new Object[] {"digits", "123"});
        valid.put("AttachUserData", new Object[] {"userData", Map.of("k", "v")});
        valid.put("UpdateUserData", new Object[] {"userData", Map.of("k", "v")});
        valid.put("DeleteUserDataPair", new Object[] {"key", "k"});
        valid.put("DeleteUserData", new Object[0]);
        valid.put("MuteCall", new Object[0]);
        valid.put("UnmuteCall", new Object[0]);
        for (Map.Entry<String, Object[]> entry : valid.entrySet()) {
            cases.add(new Case(entry.getKey() + " on an unknown call", "agent1", scene -> "/api/v2/me/calls/" + UNKNOWN_CALL,
                    with(entry.getKey(), entry.getValue()), 404, 6, UNKNOWN_CALL));
            cases.add(new Case(entry.getKey() + " on another user's call", "agent3", scene -> "/api/v2/me/calls/" + scene.callId(),
                    with(entry.getKey(), entry.getValue()), 404, 6, "not found"));
        }
        cases.add(new Case("Hangup by a user without a session", "agent4", scene -> "/api/v2/me/calls/" + scene.callId(),
                with("Hangup"), 404, 6, "not found"));
        // Destinations of transfers and conferences.
        for (String operation : new String[] {"InitiateTransfer", "SingleStepTransfer", "InitiateConference", "SingleStepConference"}) {
            cases.add(onCall(operation + ": destination missing", operation, new Object[0], 400, 1, "destination"));
            cases.add(onCall(operation + ": destination a string", operation, new Object[] {"destination", "5004"}, 400, 2, "destination"));
            cases.add(onCall(operation + ": phoneNumber missing", operation, new Object[] {"destination", Map.of("number", "5004")}, 400, 1,
                    "destination.phoneNumber"));
            cases.add(onCall(operation + ": phoneNumber a number", operation, new Object[] {"destination", Map.of("phoneNumber", 5004)},
                    400, 2, "phoneNumber"));
            cases.add(onCall(operation + ": phoneNumber not digits", operation,
                    new Object[] {"destination", Map.of("phoneNumber", "50O4")}, 400, 2, "phoneNumber"));
            cases.add(onCall(operation + ": to itself", operation, new Object[] {"destination", Map.of("phoneNumber", "5001")}, 400, 2,
                    "itself"));
            cases.add(onCall(operation + ": userData not an object", operation, new Object[] {"destination", DESTINATION, "userData", "x"},
                    400, 2, "userData"));
            cases.add(onCall(operation + ": userData nested too deep", operation,
                    new Object[] {"destination", DESTINATION, "userData", nested(9)}, 400, 2, "deeper"));
        }
        cases.add(onCall("SendDtmf: digits missing", "SendDtmf", new Object[0], 400, 1, "digits"));
        cases.add(onCall("SendDtmf: digits not DTMF", "SendDtmf", new Object[] {"digits", "12a"}, 400, 2, "digits"));
        cases.add(onCall("SendDtmf: digits a number", "SendDtmf", new Object[] {"digits", 12}, 400, 2, "digits"));
        for (String operation : new String[] {"AttachUserData", "UpdateUserData"}) {
            cases.add(onCall(operation + ": userData missing", operation, new Object[0], 400, 1, "userData"));
            cases.add(onCall(operation + ": userData an array", operation, new Object[] {"userData", List.of("a")}, 400, 2, "userData"));
            cases.add(onCall(operation + ": userData value null", operation, new Object[] {"userData", nullValue()}, 400, 2, "userData"));
            cases.add(onCall(operation + ": userData nested deeper than 8 levels", operation, new Object[] {"userData", nested(9)}, 400, 2,
                    "deeper than 8"));
        }
        cases.add(onCall("DeleteUserDataPair: key missing", "DeleteUserDataPair", new Object[0], 400, 1, "key"));
        cases.add(onCall("DeleteUserDataPair: key a number", "DeleteUserDataPair", new Object[] {"key", 7}, 400, 2, "key"));
        cases.add(onCall("DeleteUserDataPair: key the call does not have", "DeleteUserDataPair", new Object[] {"key", "absent"}, 400, 2,
                "absent"));
        cases.add(onCall("RemoveParticipantFromConference: participant missing", "RemoveParticipantFromConference", new Object[0],
                400, 1, "participant"));
        cases.add(onCall("SwapCalls: otherCallUri not a call URI", "SwapCalls", new Object[] {"otherCallUri", "nonsense/"}, 400, 2,
                "otherCallUri"));
        cases.add(onCall("CompleteTransfer: consultCallUri a number", "CompleteTransfer", new Object[] {"consultCallUri", 5}, 400, 2,
                "consultCallUri"));
        cases.add(onCall("unknown operation", "Transfer", new Object[0], 400, 2, "Transfer"));
        cases.add(onCall("operation in the wrong case", "hangup", new Object[0], 400, 2, "hangup"));
        // Dial.
        cases.add(new Case("Dial: destination missing", "agent3", scene -> "/api/v2/me/devices/" + scene.agent3Device() + "/calls",
                with("Dial"), 400, 1, "destination"));
        cases.add(new Case("Dial: phoneNumber not digits", "agent3", scene -> "/api/v2/me/devices/" + scene.agent3Device() + "/calls",
                with("Dial", "destination", Map.of("phoneNumber", "abc")), 400, 2, "phoneNumber"));
        cases.add(new Case("Dial: itself", "agent3", scene -> "/api/v2/me/devices/" + scene.agent3Device() + "/calls",
                with("Dial", "destination", Map.of("phoneNumber", "5003")), 400, 2, "itself"));
        cases.add(new Case("Dial while on an established call", "agent1", scene -> "/api/v2/me/devices/" + scene.agent1Device()
                + "/calls", with("Dial", "destination", DESTINATION), 403, 3, "hold"));
        cases.add(new Case("Dial from another user's device", "agent3", scene -> "/api/v2/me/devices/" + scene.agent1Device()
                + "/calls", with("Dial", "destination", DESTINATION), 404, 6, "not found"));
        cases.add(new Case("Dial from an unknown device", "agent3", scene -> "/api/v2/me/devices/00000000-0000-0000-0000-000000000000"
                + "/calls", with("Dial", "destination", DESTINATION), 404, 6, "not found"));
        cases.add(new Case("Dial without a contact center session", "agent4", scene -> "/api/v2/me/devices/" + scene.agent4Device()
                + "/calls", with("Dial", "destination", DESTINATION), 403, 3, "session"));
        cases.add(new Case("Dial: unknown operation", "agent3", scene -> "/api/v2/me/devices/" + scene.agent3Device() + "/calls",
                with("MakeCall", "destination", DESTINATION), 400, 2, "MakeCall"));
        return cases.stream();
    }

    private static Map<String, Object> nullValue() {
        Map<String, Object> map = new java.util.HashMap<>();
        map.put("k", null);
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badCallInputIsRefusedAndChangesNothing(Case badCase) throws Exception {
        Scene scene = scene();
        Object before = snapshot();

        Reply reply = client(badCase.user(), GwsClient.Auth.BASIC).operation(badCase.path().apply(scene), (String) badCase.body()[0],
                java.util.Arrays.copyOfRange(badCase.body(), 1, badCase.body().length));

        reply.assertError(badCase.httpStatus(), badCase.statusCode());
        assertThat(reply.statusMessage()).as(badCase.name()).containsIgnoringCase(badCase.messageFragment());
        assertThat(snapshot()).as("%s changed nothing", badCase.name()).isEqualTo(before);
    }

    /** agent1 calls agent2, who answers; agent3 logs in; returns the ids the cases need. */
    private Scene scene() {
        GwsClient agent1 = client("agent1", GwsClient.Auth.BASIC);
        GwsClient agent2 = client("agent2", GwsClient.Auth.BASIC);
        GwsClient agent3 = client("agent3", GwsClient.Auth.BASIC);
        String[] voice = {"voice"};
        agent1.operation("/api/v2/me", "StartContactCenterSession", "channels", voice).assertOk();
        agent2.operation("/api/v2/me", "StartContactCenterSession", "channels", voice).assertOk();
        agent3.operation("/api/v2/me", "StartContactCenterSession", "channels", voice).assertOk();
        String agent1Device = deviceOf("agent1");
        agent1.operation("/api/v2/me/devices/" + agent1Device + "/calls", "Dial", "destination", Map.of("phoneNumber", "5002"),
                "userData", Map.of("k", "v")).assertOk();
        String callId = agent1.get("/api/v2/me/calls?fields=id").assertOk().body().path("calls").get(0).path("id").asText();
        agent2.operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
        return new Scene(callId, agent1Device, deviceOf("agent3"), deviceOf("agent4"));
    }

    private static String deviceOf(String userName) {
        ContactCenter contactCenter = server.contactCenter();
        User user = contactCenter.directory().userByName(userName).orElseThrow();
        return contactCenter.devicesOf(user).get(0).id();
    }

    /** Everything a bad request could change: sessions, devices and calls of every user, and every live call. */
    private static Object snapshot() throws Exception {
        ContactCenter contactCenter = server.contactCenter();
        Map<String, Object> state = new LinkedHashMap<>();
        for (User user : contactCenter.directory().users()) {
            state.put(user.userName(), List.of(contactCenter.sessionPlace(user), contactCenter.devicesOf(user),
                    contactCenter.callsOf(user)));
        }
        List<CallSnapshot> calls = new ArrayList<>();
        for (Switch voiceSwitch : contactCenter.switches()) {
            calls.addAll(voiceSwitch.liveCalls().get(10, TimeUnit.SECONDS));
        }
        state.put("calls", calls);
        return state;
    }

    /** User data whose value stands {@code levels} deep: {"k":{"a":{…"v"}}}. */
    private static Map<String, Object> nested(int levels) {
        Object value = "v";
        for (int level = 1; level < levels; level++) {
            value = Map.of("a", value);
        }
        return Map.of("k", value);
    }

}
