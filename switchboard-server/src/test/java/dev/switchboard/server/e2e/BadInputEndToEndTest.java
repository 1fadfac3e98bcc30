package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.http.ApiRequest;

/**
 * Bad input against a real server, one named case at a time: each case builds the state it needs, takes a snapshot of
 * the whole contact center, sends one bad request and asserts the HTTP status, the GWS {@code statusCode}, a
 * meaningful {@code statusMessage}, a body of exactly those two members, and that nothing changed (docs/compatibility.md).
 */
class BadInputEndToEndTest extends EndToEndTest {
    private static final String PASSWORD = "password";
    private static final String ENVIRONMENT = "Demo";
    private static final String[] VOICE = {"voice"};

    private static final String ME = "/api/v2/me";
    private static final String VOICE_CHANNEL = "/api/v2/me/channels/voice";
    private static final String OWN_DEVICE = "/api/v2/me/devices/{dn:5001}";
    private static final String UNKNOWN_DEVICE_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final String UNKNOWN_USER_ID = "0123456789abcdef0123456789abcdef";

    private static final String START = json("{'operationName':'StartContactCenterSession','channels':['voice']}");
    private static final String CSRF_REFUSAL = "Missing or invalid Csrf token";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(dn|user):([A-Za-z0-9]+)}");

    /** What a case needs before the snapshot: sessions, DND, forwarding. */
    @FunctionalInterface
    interface Setup {
        void apply();
    }

    /** Prepares one request (it may log in first, before the snapshot) and returns what sends it. */
    @FunctionalInterface
    interface RequestBuilder {
        Sender build();
    }

    /** Sends the prepared request. */
    @FunctionalInterface
    interface Sender {
        Reply send();
    }

    /** One named bad-input case. */
    record Case(String name, Setup setup, RequestBuilder request, int httpStatus, int statusCode, String messageFragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What one user has: the place of their contact-center session, their devices and the calls on them. */
    record UserState(Optional<String> place, List<DeviceView> devices, List<CallView> calls) {
    }

    /** The whole contact center: every user's state, and every device by number. */
    record State(Map<String, UserState> users, Map<String, Optional<DeviceView>> devices) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedAndChangesNothing(Case badInput) {
        badInput.setup().apply();
        Sender sender = badInput.request().build();
        State before = snapshot();

        Reply reply = sender.send();

        State after = snapshot();
        JsonNode body = reply.body();
        String name = badInput.name();
        String bodyText = shown(body);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(reply.status()).as("%s: HTTP status of %s", name, bodyText).isEqualTo(badInput.httpStatus());
        softly.assertThat(body.path("statusCode").isInt()).as("%s: statusCode is a JSON integer in %s", name, bodyText).isTrue();
        softly.assertThat(reply.statusCode()).as("%s: statusCode of %s", name, bodyText).isEqualTo(badInput.statusCode());
        softly.assertThat(reply.statusMessage()).as("%s: statusMessage of %s", name, bodyText)
                .isNotBlank()
                .containsIgnoringCase(badInput.messageFragment());
        softly.assertThat(memberNames(body)).as("%s: members of the error body %s", name, bodyText)
                .containsExactlyInAnyOrder("statusCode", "statusMessage");
        softly.assertThat(reply.headers().get(HttpHeader.CONTENT_TYPE)).as("%s: Content-Type of the reply", name)
                .startsWithIgnoringCase("application/json");
        if (badInput.statusCode() == 20) {
            softly.assertThat(reply.headers().get(HttpHeader.WWW_AUTHENTICATE)).as("%s: WWW-Authenticate of a 401", name)
                    .isNotNull()
                    .startsWith("Basic");
        }
        // Equality of the two snapshots, shown as what differs: every user's place, devices and calls, every device.
        softly.assertThat(changes(before, after)).as("%s: what changed in the contact center", name).isEmpty();
        softly.assertAll();
    }

    /**
     * The controls: the request builders of the table send well-formed requests that succeed and change state when
     * only the bad part is taken away, and the snapshot sees such a change. Without this a broken builder or a blind
     * snapshot would make every case above pass.
     */
    @Test
    void theSameRequestsWithoutTheBadPartSucceedAndTheSnapshotSeesIt() {
        State initial = snapshot();
        post("agent1", ME, START).build().send().assertOk();
        State loggedIn = snapshot();
        assertThat(loggedIn).isNotEqualTo(initial);
        assertThat(loggedIn.users().get("agent1").place()).contains("Place5001");

        post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','workmode':'ManualIn'}")).build().send().assertOk();
        assertThat(snapshot()).isNotEqualTo(loggedIn);

        State beforeDnd = snapshot();
        cookie("agent1", HttpMethod.POST, OWN_DEVICE, json("{'operationName':'DoNotDisturbOn'}"), GwsClient::csrfToken)
                .build().send().assertOk();
        assertThat(snapshot()).isNotEqualTo(beforeDnd);

        State beforeForwarding = snapshot();
        raw("agent1", "POST", OWN_DEVICE, utf8(json("{'operationName':'ForwardCallsOn','destination':'5002'}")),
                "Content-Type: application/json").build().send().assertOk();
        assertThat(snapshot()).isNotEqualTo(beforeForwarding);

        State beforeLargest = snapshot();
        post("agent2", ME, padded(START, ApiRequest.MAX_BODY)).build().send().assertOk();
        assertThat(snapshot().users().get("agent2").place()).contains("Place5002");
        assertThat(snapshot()).isNotEqualTo(beforeLargest);

        get("agent1", "/api/v2/devices/{dn:5001}").build().send().assertOk();
        get("supervisor1", "/api/v2/users/{user:agent2}").build().send().assertOk();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        malformedJson(cases);
        contentTypeAndSize(cases);
        operationName(cases);
        pathsAndMethods(cases);
        malformedRequests(cases);
        startContactCenterSession(cases);
        agentState(cases);
        devices(cases);
        calls(cases);
        reads(cases);
        authentication(cases);
        csrf(cases);
        return cases.stream();
    }

    private static void malformedJson(List<Case> cases) {
        Setup loggedIn = session("agent1");
        cases.add(bad("malformed JSON: truncated object", none(),
                post("agent1", ME, "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voi"), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: truncated after the object's first member", none(),
                post("agent1", ME, "{\"operationName\":\"StartContactCenterSession\","), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: trailing garbage", none(), post("agent1", ME, START + " garbage"), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: a second object after the first", none(), post("agent1", ME, START + START), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: single quotes", none(),
                post("agent1", ME, "{'operationName':'StartContactCenterSession','channels':['voice']}"), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: unquoted names", none(),
                post("agent1", ME, "{operationName:\"StartContactCenterSession\",channels:[\"voice\"]}"), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: trailing comma", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready',}")), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: comment", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{/* ready */ 'operationName':'Ready'}")), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: invalid UTF-8", loggedIn,
                post("agent1", VOICE_CHANNEL, "application/json", invalidUtf8()), 400, 2, "JSON"));
        cases.add(bad("malformed JSON: nested 200 deep", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','x':" + "[".repeat(200) + "]".repeat(200) + "}")),
                400, 2, "JSON"));
        cases.add(bad("malformed JSON: duplicate operationName", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','operationName':'AuxWork'}")), 400, 2, "operationName"));
        cases.add(bad("malformed JSON: duplicate parameter", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':['voice'],'channels':['voice']}")),
                400, 2, "channels"));
        cases.add(bad("not an object: array", none(), post("agent1", ME, "[" + START + "]"), 400, 2, "object"));
        cases.add(bad("not an object: string", none(), post("agent1", ME, "\"StartContactCenterSession\""), 400, 2, "object"));
        cases.add(bad("not an object: number", none(), post("agent1", ME, "42"), 400, 2, "object"));
        cases.add(bad("not an object: null", none(), post("agent1", ME, "null"), 400, 2, "object"));
        cases.add(bad("not an object: true", loggedIn, post("agent1", VOICE_CHANNEL, "true"), 400, 2, "object"));
        cases.add(bad("empty body", none(), post("agent1", ME, ""), 400, 1, "operationName"));
        cases.add(bad("body of whitespace only", none(), post("agent1", ME, " \r\n\t "), 400, 1, "operationName"));
    }

    private static void contentTypeAndSize(List<Case> cases) {
        byte[] start = utf8(START);
        cases.add(bad("Content-Type missing", none(), raw("agent1", "POST", ME, start), 415, 2, "Content-Type"));
        cases.add(bad("Content-Type text/plain", none(), post("agent1", ME, "text/plain", start), 415, 2, "Content-Type"));
        cases.add(bad("Content-Type form", none(), post("agent1", ME, "application/x-www-form-urlencoded",
                utf8("operationName=StartContactCenterSession&channels=voice")), 415, 2, "Content-Type"));
        cases.add(bad("Content-Type application/octet-stream", none(),
                post("agent1", ME, "application/octet-stream", start), 415, 2, "Content-Type"));
        cases.add(bad("Content-Type application/xml on an agent state", session("agent1"),
                post("agent1", VOICE_CHANNEL, "application/xml", utf8(json("{'operationName':'Ready'}"))), 415, 2, "Content-Type"));
        cases.add(bad("Content-Type charset utf-7", none(), post("agent1", ME, "application/json; charset=utf-7", start), 415, 2,
                "charset"));
        cases.add(bad("Content-Type charset ISO-8859-1 on an agent state", session("agent1"),
                post("agent1", VOICE_CHANNEL, "application/json;charset=\"ISO-8859-1\"", utf8(json("{'operationName':'Ready'}"))),
                415, 2, "charset"));
        cases.add(bad("Content-Type text/plain on a device", none(),
                post("agent1", OWN_DEVICE, "text/plain", utf8(json("{'operationName':'DoNotDisturbOn'}"))), 415, 2, "Content-Type"));
        cases.add(bad("body one byte too large", none(), post("agent1", ME, padded(START, ApiRequest.MAX_BODY + 1)),
                413, 2, "larger"));
        cases.add(bad("body far too large", none(), post("agent1", ME, padded(START, 200 * 1024)), 413, 2, "larger"));
        cases.add(bad("body too large, chunked (no Content-Length)", none(),
                postChunked("agent1", ME, utf8(padded(START, ApiRequest.MAX_BODY + 1))), 413, 2, "larger"));
    }

    private static void operationName(List<Case> cases) {
        Setup loggedIn = session("agent1");
        cases.add(bad("unknown operationName on /me", none(), post("agent1", ME, json("{'operationName':'Dance'}")),
                400, 2, "Dance"));
        cases.add(bad("operationName in the wrong case on /me", none(),
                post("agent1", ME, json("{'operationName':'startContactCenterSession','channels':['voice']}")),
                400, 2, "startContactCenterSession"));
        cases.add(bad("unknown operationName on /me/devices/{id}", none(),
                post("agent1", OWN_DEVICE, json("{'operationName':'Dance'}")), 400, 2, "Dance"));
        cases.add(bad("call operation on /me/devices/{id}", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'Ready'}")), 400, 2, "Ready"));
        cases.add(bad("unknown operationName on /me/channels/voice", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Dance'}")), 400, 2, "Dance"));
        cases.add(bad("operationName in the wrong case on /me/channels/voice", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'ready'}")), 400, 2, "ready"));
        cases.add(bad("operationName missing on /me", none(), post("agent1", ME, json("{'channels':['voice']}")),
                400, 1, "operationName"));
        cases.add(bad("operationName missing on /me/devices/{id}", none(), post("agent1", OWN_DEVICE, "{}"),
                400, 1, "operationName"));
        cases.add(bad("operationName missing on /me/channels/voice", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'workmode':'ManualIn'}")), 400, 1, "operationName"));
        cases.add(bad("operationName null", none(), post("agent1", ME, json("{'operationName':null,'channels':['voice']}")),
                400, 1, "operationName"));
        cases.add(bad("operationName a number", loggedIn, post("agent1", VOICE_CHANNEL, json("{'operationName':1}")),
                400, 2, "operationName"));
        cases.add(bad("operationName empty", none(), post("agent1", ME, json("{'operationName':'','channels':['voice']}")),
                400, 2, "operationName"));
        cases.add(bad("operationName an array", none(),
                post("agent1", ME, json("{'operationName':['StartContactCenterSession'],'channels':['voice']}")),
                400, 2, "operationName"));
        cases.add(bad("operationName an object", none(), post("agent1", OWN_DEVICE, json("{'operationName':{'name':'DoNotDisturbOn'}}")),
                400, 2, "operationName"));
    }

    private static void pathsAndMethods(List<Case> cases) {
        cases.add(bad("unknown path GET", none(), get("agent1", "/api/v2/nothing-here"), 404, 6, "nothing-here"));
        cases.add(bad("unknown path: the API root", none(), get("agent1", "/api/v2"), 404, 6, "resource"));
        cases.add(bad("unknown path POST below /me", none(), post("agent1", "/api/v2/me/nothing-here", START), 404, 6, "nothing-here"));
        cases.add(bad("unknown path: a segment after a device", none(), get("agent1", OWN_DEVICE + "/nothing-here"),
                404, 6, "nothing-here"));
        cases.add(bad("unknown channel", none(), post("agent1", "/api/v2/me/channels/chat", json("{'operationName':'Ready'}")),
                404, 6, "chat"));
        cases.add(bad("wrong method DELETE /me", none(), send("agent1", HttpMethod.DELETE, ME, null, null), 405, 3, "DELETE"));
        cases.add(bad("wrong method PUT /me/channels/voice", session("agent1"),
                send("agent1", HttpMethod.PUT, VOICE_CHANNEL, "application/json", utf8(json("{'operationName':'Ready'}"))),
                405, 3, "PUT"));
        cases.add(bad("wrong method GET /me/channels/voice", none(), get("agent1", VOICE_CHANNEL), 405, 3, "GET"));
        cases.add(bad("wrong method POST /users", none(), post("admin", "/api/v2/users", json("{'operationName':'Dance'}")),
                405, 3, "POST"));
        cases.add(bad("wrong method PATCH /me/devices/{id}", none(),
                send("agent1", HttpMethod.PATCH, OWN_DEVICE, "application/json", utf8(json("{'operationName':'DoNotDisturbOn'}"))),
                405, 3, "PATCH"));
    }

    /**
     * Requests the servlet container refuses before the API sees them must still answer a GWS body (docs/compatibility.md:
     * every response body is JSON with {@code statusCode}); a query the container cannot decode is the client's
     * mistake, not a 5xx.
     */
    private static void malformedRequests(List<Case> cases) {
        byte[] start = utf8(START);
        String json = "Content-Type: application/json";
        cases.add(bad("URI with an empty segment", none(), raw("agent1", "POST", "/api/v2//me", start, json), 400, 2, "URI"));
        cases.add(bad("URI with an encoded slash", none(),
                raw("agent1", "POST", "/api/v2/me/devices/{dn:5001}%2Fx", utf8(json("{'operationName':'DoNotDisturbOn'}")), json),
                400, 2, "URI"));
        cases.add(bad("URI with an encoded dot segment", none(), raw("agent1", "POST", "/api/v2/me/channels/%2e%2e", start, json),
                400, 2, "URI"));
        cases.add(bad("URI with bad UTF-8", none(),
                raw("agent1", "POST", "/api/v2/me/devices/%C3%28", utf8(json("{'operationName':'DoNotDisturbOn'}")), json),
                400, 2, "UTF-8"));
        cases.add(bad("URI too long", none(), raw("agent1", "POST", ME + "?pad=" + "x".repeat(20_000), start, json), 414, 2, "URI"));
        cases.add(bad("request headers too large", none(), raw("agent1", "POST", ME, start, json, "X-Pad: " + "x".repeat(20_000)),
                431, 2, "header"));
        cases.add(bad("query with bad percent-encoding", none(), raw("agent1", "GET", ME + "?fields=%ZZ", new byte[0]),
                400, 2, "query"));
        cases.add(bad("query with bad UTF-8", none(), raw("supervisor1", "GET", "/api/v2/users?subresources=%C3%28", new byte[0]),
                400, 2, "query"));
    }

    private static void startContactCenterSession(List<Case> cases) {
        cases.add(bad("StartContactCenterSession: channels missing", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession'}")), 400, 1, "channels"));
        cases.add(bad("StartContactCenterSession: channels null", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':null}")), 400, 1, "channels"));
        cases.add(bad("StartContactCenterSession: channels a string", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':'voice'}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: channels an object", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':{'voice':true}}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: channels empty", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':[]}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: channels contains a number", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':[1]}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: channels contains null", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':[null]}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: channels contains chat", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':['chat']}")), 400, 2, "chat"));
        cases.add(bad("StartContactCenterSession: voice and a channel that is not a string", none(),
                post("agent1", ME, json("{'operationName':'StartContactCenterSession','channels':['voice',7]}")), 400, 2, "channels"));
        cases.add(bad("StartContactCenterSession: place unknown", none(), post("agent1", ME, startOn("'Place9999'")),
                404, 6, "Place9999"));
        cases.add(bad("StartContactCenterSession: place in the wrong case", none(), post("agent1", ME, startOn("'place5001'")),
                404, 6, "place5001"));
        cases.add(bad("StartContactCenterSession: place a number", none(), post("agent1", ME, startOn("5001")), 400, 2, "place"));
        cases.add(bad("StartContactCenterSession: place empty", none(), post("agent1", ME, startOn("''")), 400, 2, "place"));
        cases.add(bad("StartContactCenterSession: place an array", none(), post("agent1", ME, startOn("['Place5001']")),
                400, 2, "place"));
        cases.add(bad("StartContactCenterSession: place in use by another user", session("agent2"),
                post("agent1", ME, startOn("'Place5002'")), 409, 19, "Place5002"));
        cases.add(bad("StartContactCenterSession: default place in use by another user", session("agent2", "Place5001"),
                post("agent1", ME, START), 409, 19, "Place5001"));
        cases.add(bad("StartContactCenterSession: already started on another place", session("agent1"),
                post("agent1", ME, startOn("'Place5003'")), 403, 3, "Place5001"));
        cases.add(bad("StartContactCenterSession: admin has no agent role", none(),
                post("admin", ME, startOn("'Place5001'")), 403, 5, "agent"));
        cases.add(bad("EndContactCenterSession without a session", none(),
                post("agent1", ME, json("{'operationName':'EndContactCenterSession'}")), 403, 3, "session"));
    }

    private static void agentState(List<Case> cases) {
        for (String operation : List.of("Ready", "NotReady", "AfterCallWork", "AuxWork")) {
            cases.add(bad(operation + " without a session", none(),
                    post("agent1", VOICE_CHANNEL, json("{'operationName':'" + operation + "'}")), 403, 3, "not logged in"));
        }
        Setup loggedIn = session("agent1");
        cases.add(bad("Ready: workmode unknown", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','workmode':'Sometimes'}")), 400, 2, "workmode"));
        cases.add(bad("Ready: workmode in the wrong case", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','workmode':'manualin'}")), 400, 2, "workmode"));
        cases.add(bad("Ready: workmode a number", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','workmode':1}")), 400, 2, "workmode"));
        cases.add(bad("Ready: workmode empty", loggedIn,
                post("agent1", VOICE_CHANNEL, json("{'operationName':'Ready','workmode':''}")), 400, 2, "workmode"));
        Map<String, String> wrapUpTimes = new LinkedHashMap<>();
        wrapUpTimes.put("negative number", "-1");
        wrapUpTimes.put("negative string", "'-1'");
        wrapUpTimes.put("too big", "86401");
        wrapUpTimes.put("too big as a string", "'86401'");
        wrapUpTimes.put("beyond a long", "99999999999999999999");
        wrapUpTimes.put("not a number", "'soon'");
        wrapUpTimes.put("fraction", "1.5");
        wrapUpTimes.put("fraction as a string", "'1.5'");
        wrapUpTimes.put("boolean", "true");
        wrapUpTimes.put("object", "{'seconds':5}");
        for (Map.Entry<String, String> wrapUpTime : wrapUpTimes.entrySet()) {
            cases.add(bad("AfterCallWork: wrapUpTime " + wrapUpTime.getKey(), loggedIn,
                    post("agent1", VOICE_CHANNEL, json("{'operationName':'AfterCallWork','wrapUpTime':" + wrapUpTime.getValue() + "}")),
                    400, 2, "wrapUpTime"));
        }
    }

    private static void devices(List<Case> cases) {
        Setup loggedIn = session("agent1");
        cases.add(bad("DoNotDisturbOn when on", both(loggedIn, dnd("agent1", "5001")),
                post("agent1", OWN_DEVICE, json("{'operationName':'DoNotDisturbOn'}")), 403, 3, "already on"));
        cases.add(bad("DoNotDisturbOn when on, without a session", dnd("agent1", "5001"),
                post("agent1", OWN_DEVICE, json("{'operationName':'DoNotDisturbOn'}")), 403, 3, "already on"));
        cases.add(bad("DoNotDisturbOff when off", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'DoNotDisturbOff'}")), 403, 3, "already off"));
        cases.add(bad("ForwardCallsOn: destination missing", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOn'}")), 400, 1, "destination"));
        cases.add(bad("ForwardCallsOn: destination null", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOn','destination':null}")), 400, 1, "destination"));
        Map<String, String> destinations = new LinkedHashMap<>();
        destinations.put("a number", "5002");
        destinations.put("a boolean", "true");
        destinations.put("an array", "['5002']");
        destinations.put("empty", "''");
        destinations.put("not digits", "'agent2'");
        destinations.put("with a dash", "'50-02'");
        destinations.put("of 21 digits", "'123456789012345678901'");
        for (Map.Entry<String, String> destination : destinations.entrySet()) {
            cases.add(bad("ForwardCallsOn: destination " + destination.getKey(), loggedIn,
                    post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOn','destination':" + destination.getValue() + "}")),
                    400, 2, "destination"));
        }
        cases.add(bad("ForwardCallsOn: to itself", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOn','destination':'5001'}")), 400, 2, "itself"));
        cases.add(bad("ForwardCallsOn when already on", both(loggedIn, forwarding("agent1", "5001", "5002")),
                post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOn','destination':'5003'}")), 403, 3, "already on"));
        cases.add(bad("ForwardCallsOff when off", loggedIn,
                post("agent1", OWN_DEVICE, json("{'operationName':'ForwardCallsOff'}")), 403, 3, "not on"));
        cases.add(bad("DoNotDisturbOn on an unknown device", loggedIn,
                post("agent1", "/api/v2/me/devices/" + UNKNOWN_DEVICE_ID, json("{'operationName':'DoNotDisturbOn'}")),
                404, 6, UNKNOWN_DEVICE_ID));
        cases.add(bad("ForwardCallsOn on an unknown device", none(),
                post("agent1", "/api/v2/me/devices/" + UNKNOWN_DEVICE_ID, json("{'operationName':'ForwardCallsOn','destination':'5002'}")),
                404, 6, UNKNOWN_DEVICE_ID));
        cases.add(bad("DoNotDisturbOn on another user's idle device", none(),
                post("agent1", "/api/v2/me/devices/{dn:5002}", json("{'operationName':'DoNotDisturbOn'}")), 404, 6, "not found"));
        cases.add(bad("DoNotDisturbOn on another user's logged-in device", both(loggedIn, session("agent2")),
                post("agent1", "/api/v2/me/devices/{dn:5002}", json("{'operationName':'DoNotDisturbOn'}")), 404, 6, "not found"));
        cases.add(bad("ForwardCallsOff on another user's forwarding device", forwarding("agent2", "5002", "5003"),
                post("agent1", "/api/v2/me/devices/{dn:5002}", json("{'operationName':'ForwardCallsOff'}")), 404, 6, "not found"));
        cases.add(bad("DoNotDisturbOn on the default device while logged in elsewhere", session("agent1", "Place5003"),
                post("agent1", OWN_DEVICE, json("{'operationName':'DoNotDisturbOn'}")), 404, 6, "not found"));
    }

    private static void calls(List<Case> cases) {
        Setup loggedIn = session("agent1");
        String dial = OWN_DEVICE + "/calls";
        cases.add(bad("Dial: unknown operationName on /me/devices/{id}/calls", loggedIn,
                post("agent1", dial, json("{'operationName':'Dance','destination':{'phoneNumber':'5002'}}")), 400, 2, "Dance"));
        cases.add(bad("Dial: malformed JSON", loggedIn, post("agent1", dial, "{\"operationName\":\"Dial\",\"destination\":{"),
                400, 2, "JSON"));
        cases.add(bad("Dial: destination missing", loggedIn, post("agent1", dial, json("{'operationName':'Dial'}")),
                400, 1, "destination"));
        cases.add(bad("Dial: destination a string", loggedIn,
                post("agent1", dial, json("{'operationName':'Dial','destination':'5002'}")), 400, 2, "destination"));
        cases.add(bad("Dial: phoneNumber missing", loggedIn,
                post("agent1", dial, json("{'operationName':'Dial','destination':{}}")), 400, 1, "phoneNumber"));
        cases.add(bad("Dial: phoneNumber not digits", loggedIn,
                post("agent1", dial, json("{'operationName':'Dial','destination':{'phoneNumber':'agent2'}}")), 400, 2, "phoneNumber"));
        cases.add(bad("Dial: userData not an object", loggedIn,
                post("agent1", dial, json("{'operationName':'Dial','destination':{'phoneNumber':'5002'},'userData':[1]}")),
                400, 2, "userData"));
        cases.add(bad("Dial on another user's device", both(loggedIn, session("agent2")),
                post("agent1", "/api/v2/me/devices/{dn:5002}/calls", json("{'operationName':'Dial','destination':{'phoneNumber':'5003'}}")),
                404, 6, "not found"));
        cases.add(bad("unknown operationName on /me/calls/{id}", loggedIn,
                post("agent1", "/api/v2/me/calls/no-such-call", json("{'operationName':'Dance'}")), 400, 2, "Dance"));
        cases.add(bad("Hangup on an unknown call", loggedIn,
                post("agent1", "/api/v2/me/calls/no-such-call", json("{'operationName':'Hangup'}")), 404, 6, "no-such-call"));
        cases.add(bad("GET /me/calls/{unknown}", loggedIn, get("agent1", "/api/v2/me/calls/no-such-call"), 404, 6, "no-such-call"));
    }

    private static void reads(List<Case> cases) {
        cases.add(bad("GET /me/devices/{another user's device}", none(), get("agent1", "/api/v2/me/devices/{dn:5002}"),
                404, 6, "not found"));
        cases.add(bad("GET /me/devices/{unknown}", none(), get("agent1", "/api/v2/me/devices/" + UNKNOWN_DEVICE_ID),
                404, 6, UNKNOWN_DEVICE_ID));
        cases.add(bad("GET /devices/{another agent's device} as agent", session("agent2"), get("agent1", "/api/v2/devices/{dn:5002}"),
                403, 5, "device"));
        cases.add(bad("GET /devices/{unsupervised agent's device} as supervisor", none(),
                get("supervisor1", "/api/v2/devices/{dn:5007}"), 403, 5, "device"));
        cases.add(bad("GET /devices/{unknown}", none(), get("agent1", "/api/v2/devices/" + UNKNOWN_DEVICE_ID), 404, 6, UNKNOWN_DEVICE_ID));
        cases.add(bad("GET /users as agent", none(), get("agent1", "/api/v2/users"), 403, 5, "users"));
        cases.add(bad("GET /users/{unknown}", none(), get("agent1", "/api/v2/users/" + UNKNOWN_USER_ID), 404, 6, UNKNOWN_USER_ID));
        cases.add(bad("GET /users/{another agent} as agent", none(), get("agent1", "/api/v2/users/{user:agent2}"), 403, 5, "user"));
        cases.add(bad("GET /users/{unsupervised agent} as supervisor", none(), get("supervisor1", "/api/v2/users/{user:agent5}"),
                403, 5, "user"));
        cases.add(bad("GET /voice-environments/{unknown}", none(), get("agent1", "/api/v2/voice-environments/Nowhere"),
                404, 6, "Nowhere"));
    }

    private static void authentication(List<Case> cases) {
        String wrongPassword = GwsClient.basicHeader("agent1", "wrong");
        cases.add(bad("wrong password", none(), authorized(wrongPassword, HttpMethod.GET, ME, null), 401, 20, "Access denied"));
        cases.add(bad("wrong password on StartContactCenterSession", none(), authorized(wrongPassword, HttpMethod.POST, ME, START),
                401, 20, "Access denied"));
        cases.add(bad("wrong password on an agent state operation", session("agent1"), authorized(wrongPassword,
                HttpMethod.POST, VOICE_CHANNEL, json("{'operationName':'Ready'}")), 401, 20, "Access denied"));
        cases.add(bad("unknown user", none(), authorized(GwsClient.basicHeader("nobody", PASSWORD), HttpMethod.GET, ME, null),
                401, 20, "Access denied"));
        cases.add(bad("Basic header not base64", none(), authorized("Basic !!not*base64!!", HttpMethod.GET, ME, null),
                401, 20, "Access denied"));
        cases.add(bad("Basic header without a colon", none(), authorized("Basic " + base64("agent1password"), HttpMethod.POST, ME, START),
                401, 20, "Access denied"));
        cases.add(bad("Basic header without credentials", none(), authorized("Basic ", HttpMethod.GET, ME, null),
                401, 20, "Access denied"));
        cases.add(bad("Bearer instead of Basic", none(), authorized("Bearer " + base64("agent1:password"), HttpMethod.POST, ME, START),
                401, 20, "Access denied"));
        cases.add(bad("no credentials on GET", none(), authorized(null, HttpMethod.GET, ME, null), 401, 20, "Access denied"));
        cases.add(bad("no credentials on StartContactCenterSession", none(), authorized(null, HttpMethod.POST, ME, START),
                401, 20, "Access denied"));
        cases.add(bad("stale JSESSIONID on GET", none(), staleCookie(HttpMethod.GET, ME, null), 401, 20, "Access denied"));
        cases.add(bad("stale JSESSIONID on StartContactCenterSession", none(), staleCookie(HttpMethod.POST, ME, START),
                401, 20, "Access denied"));
        cases.add(bad("empty JSESSIONID", none(), cookieHeader("JSESSIONID=", HttpMethod.POST, ME, START), 401, 20, "Access denied"));
        cases.add(bad("JSESSIONID of an ended session", none(), endedSession("agent1", START), 401, 20, "Access denied"));
    }

    private static void csrf(List<Case> cases) {
        cases.add(bad("cookie POST without X-CSRF-TOKEN", none(), cookie("agent1", HttpMethod.POST, ME, START, client -> null),
                403, 3, CSRF_REFUSAL));
        cases.add(bad("cookie POST with a wrong X-CSRF-TOKEN", none(),
                cookie("agent1", HttpMethod.POST, ME, START, client -> client.csrfToken() + "x"), 403, 3, CSRF_REFUSAL));
        cases.add(bad("cookie POST with an empty X-CSRF-TOKEN", session("agent1"),
                cookie("agent1", HttpMethod.POST, VOICE_CHANNEL, json("{'operationName':'Ready'}"), client -> ""), 403, 3, CSRF_REFUSAL));
        cases.add(bad("cookie POST with the X-CSRF-TOKEN of another session", session("agent1"),
                cookie("agent1", HttpMethod.POST, OWN_DEVICE, json("{'operationName':'DoNotDisturbOn'}"),
                        client -> loginAs("agent1").csrfToken()), 403, 3, CSRF_REFUSAL));
        cases.add(bad("cookie POST EndContactCenterSession without X-CSRF-TOKEN", session("agent1"),
                cookie("agent1", HttpMethod.POST, ME, json("{'operationName':'EndContactCenterSession'}"), client -> null),
                403, 3, CSRF_REFUSAL));
    }

    // ---- the table's vocabulary ----

    private static Case bad(String name, Setup setup, RequestBuilder request, int httpStatus, int statusCode, String fragment) {
        return new Case(name, setup, request, httpStatus, statusCode, fragment);
    }

    private static Setup none() {
        return () -> {
        };
    }

    private static Setup both(Setup first, Setup second) {
        return () -> {
            first.apply();
            second.apply();
        };
    }

    private static Setup session(String user) {
        return () -> basic(user).operation(ME, "StartContactCenterSession", "channels", VOICE).assertOk();
    }

    private static Setup session(String user, String place) {
        return () -> basic(user).operation(ME, "StartContactCenterSession", "channels", VOICE, "place", place).assertOk();
    }

    private static Setup dnd(String user, String number) {
        return () -> basic(user).operation(resolve("/api/v2/me/devices/{dn:" + number + "}"), "DoNotDisturbOn").assertOk();
    }

    private static Setup forwarding(String user, String number, String destination) {
        return () -> basic(user).operation(resolve("/api/v2/me/devices/{dn:" + number + "}"), "ForwardCallsOn",
                "destination", destination).assertOk();
    }

    /** A JSON text written with apostrophes for quotes. */
    private static String json(String apostrophes) {
        return apostrophes.replace('\'', '"');
    }

    private static String startOn(String place) {
        return json("{'operationName':'StartContactCenterSession','channels':['voice'],'place':" + place + "}");
    }

    /** {@code json} (an object) with a {@code pad} member that makes it exactly {@code size} bytes long. */
    private static String padded(String json, int size) {
        String open = json.substring(0, json.length() - 1) + ",\"pad\":\"";
        String close = "\"}";
        String result = open + "x".repeat(size - open.length() - close.length()) + close;
        assertThat(utf8(result)).hasSize(size);
        return result;
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("{\"operationName\":\"Re"));
        bytes.write(0xC3);
        bytes.write(0x28);
        bytes.writeBytes(utf8("ady\"}"));
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(utf8(text));
    }

    private static RequestBuilder get(String user, String path) {
        return send(user, HttpMethod.GET, path, null, null);
    }

    private static RequestBuilder post(String user, String path, String json) {
        return post(user, path, "application/json", utf8(json));
    }

    private static RequestBuilder post(String user, String path, String contentType, byte[] body) {
        return send(user, HttpMethod.POST, path, contentType, body);
    }

    /** A request with the user's Basic credentials. */
    private static RequestBuilder send(String user, HttpMethod method, String path, String contentType, byte[] body) {
        return () -> {
            GwsClient client = basic(user);
            Request request = client.request(method, resolve(path), true);
            if (body != null) {
                request.body(new BytesRequestContent(contentType, body));
            }
            return () -> client.send(request);
        };
    }

    /** A JSON POST with the user's Basic credentials whose body is streamed, so sent chunked without a length. */
    private static RequestBuilder postChunked(String user, String path, byte[] body) {
        return () -> {
            GwsClient client = basic(user);
            Request request = client.request(HttpMethod.POST, resolve(path), true);
            request.body(new org.eclipse.jetty.client.InputStreamRequestContent("application/json",
                    new java.io.ByteArrayInputStream(body)));
            return () -> client.send(request);
        };
    }

    /** A request with exactly this {@code Authorization} header, or none when {@code null}. */
    private static RequestBuilder authorized(String authorization, HttpMethod method, String path, String json) {
        return () -> {
            GwsClient client = new GwsClient(http, server.baseUrl(), "nobody", PASSWORD, GwsClient.Auth.COOKIE);
            Request request = client.request(method, resolve(path), false);
            if (authorization != null) {
                request.headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization));
            }
            withJson(request, json);
            return () -> client.send(request);
        };
    }

    /** A request that relies on the cookie of a session the server never opened, with some token. */
    private static RequestBuilder staleCookie(HttpMethod method, String path, String json) {
        return cookieHeader("JSESSIONID=node0stalestalestale0.node0", method, path, json);
    }

    /** A request with exactly this {@code Cookie} header and some CSRF token, without credentials. */
    private static RequestBuilder cookieHeader(String cookie, HttpMethod method, String path, String json) {
        return () -> {
            GwsClient client = new GwsClient(http, server.baseUrl(), "nobody", PASSWORD, GwsClient.Auth.COOKIE);
            Request request = http.newRequest(server.baseUrl() + resolve(path)).method(method)
                    .headers(headers -> headers.put(HttpHeader.COOKIE, cookie))
                    .headers(headers -> headers.put("X-CSRF-TOKEN", "5f1d2a90-6c2b-4d8e-9a57-0c3e1b7d4a21"));
            withJson(request, json);
            return () -> client.send(request);
        };
    }

    /** The cookie and token of a session that EndContactCenterSession ended, sent again. */
    private static RequestBuilder endedSession(String user, String json) {
        return () -> {
            GwsClient client = loginAs(user);
            client.post(ME, START).assertOk();
            client.post(ME, json("{'operationName':'EndContactCenterSession'}")).assertOk();
            Request request = client.request(HttpMethod.POST, ME, false);
            withJson(request, json);
            return () -> client.send(request);
        };
    }

    /** A request on the user's cookie session, with the CSRF token {@code token} picks (none when it gives null). */
    private static RequestBuilder cookie(String user, HttpMethod method, String path, String json, Function<GwsClient, String> token) {
        return () -> {
            GwsClient client = loginAs(user);
            Request request = http.newRequest(server.baseUrl() + resolve(path)).method(method)
                    .headers(headers -> headers.put(HttpHeader.COOKIE, "JSESSIONID=" + client.sessionId()));
            String csrfToken = token.apply(client);
            if (csrfToken != null) {
                request.headers(headers -> headers.put("X-CSRF-TOKEN", csrfToken));
            }
            withJson(request, json);
            return () -> client.send(request);
        };
    }

    /** A request written on a socket, with the user's Basic credentials and exactly the other headers given. */
    private static RequestBuilder raw(String user, String method, String path, byte[] body, String... headers) {
        return () -> {
            String resolved = resolve(path);
            List<String> all = new ArrayList<>(List.of(headers));
            all.add("Authorization: " + GwsClient.basicHeader(user, PASSWORD));
            URI base = URI.create(server.baseUrl());
            return () -> BadInputRawHttp.send(base.getHost(), base.getPort(), method, resolved, body, all.toArray(String[]::new));
        };
    }

    private static void withJson(Request request, String json) {
        if (json != null) {
            request.body(new BytesRequestContent("application/json", utf8(json)));
        }
    }

    private static GwsClient basic(String user) {
        return new GwsClient(http, server.baseUrl(), user, PASSWORD, GwsClient.Auth.BASIC);
    }

    private static GwsClient loginAs(String user) {
        GwsClient client = new GwsClient(http, server.baseUrl(), user, PASSWORD, GwsClient.Auth.COOKIE);
        client.login();
        assertThat(client.sessionId()).as("session cookie of %s", user).isNotNull();
        assertThat(client.csrfToken()).as("CSRF token of %s", user).isNotNull();
        return client;
    }

    /** Replaces {@code {dn:5001}} by that DN's device id and {@code {user:agent2}} by that user's id. */
    private static String resolve(String path) {
        ContactCenter contactCenter = server.contactCenter();
        Matcher matcher = PLACEHOLDER.matcher(path);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String id = matcher.group(1).equals("dn")
                    ? contactCenter.directory().dnByNumber(ENVIRONMENT, matcher.group(2)).orElseThrow().id()
                    : contactCenter.directory().userByName(matcher.group(2)).orElseThrow().id();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(id));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    // ---- the snapshot ----

    private static State snapshot() {
        ContactCenter contactCenter = server.contactCenter();
        Map<String, UserState> users = new LinkedHashMap<>();
        for (User user : contactCenter.directory().users()) {
            users.put(user.userName(), new UserState(contactCenter.sessionPlace(user), List.copyOf(contactCenter.devicesOf(user)),
                    List.copyOf(contactCenter.callsOf(user))));
        }
        Map<String, Optional<DeviceView>> devices = new LinkedHashMap<>();
        for (Dn dn : contactCenter.directory().dns()) {
            devices.put(dn.environment() + "/" + dn.number(), contactCenter.device(dn.id()));
        }
        return new State(users, devices);
    }

    /** Each user and device whose state differs, as {@code name: before -> after}. */
    private static List<String> changes(State before, State after) {
        List<String> changes = new ArrayList<>();
        differences(before.users(), after.users(), changes);
        differences(before.devices(), after.devices(), changes);
        return changes;
    }

    private static <V> void differences(Map<String, V> before, Map<String, V> after, List<String> changes) {
        Map<String, V> all = new LinkedHashMap<>(before);
        after.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.add(key + ": " + before.get(key) + " -> " + after.get(key));
            }
        }
    }

    /** The body as text, cut short: a container's HTML error page would drown the assertion messages. */
    private static String shown(JsonNode body) {
        String text = body.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static List<String> memberNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
