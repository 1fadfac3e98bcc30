package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.cometd.bayeux.Message;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who hears what and who may do what: per-user delivery, every session of a user, no client publishing, CometD
 * handshake authentication by cookie or Basic, CSRF accepted and refused, Basic on every REST request.
 */
class SecurityEndToEndTest extends EndToEndTest {
    private static final Duration QUIET = Duration.ofMillis(400);
    private static final String[] VOICE = {"voice"};

    @ParameterizedTest
    @EnumSource(Transport.class)
    void twoUsersNeverSeeEachOthersMessages(Transport transport) {
        GwsClient agent1 = loggedIn("agent1");
        GwsClient agent2 = loggedIn("agent2");
        Notifications events1 = notifications(transport, agent1, "/v2/me/**");
        Notifications events2 = notifications(transport, agent2, "/**");

        agent1.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        assertThat(events1.nextDevice().path("phoneNumber").asText()).isEqualTo("5001");
        events2.assertNoMore(QUIET);

        agent2.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        assertThat(events2.nextDevice().path("phoneNumber").asText()).isEqualTo("5002");
        events1.assertNoMore(QUIET);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyCometDSessionOfTheUserReceivesItsMessages(Transport transport) {
        GwsClient agent = loggedIn("agent3");
        Notifications byCookie = notifications(transport, agent, "/v2/me/devices");
        Notifications byBasic = unconnected(transport, null, GwsClient.basicHeader("agent3", "password")).connect()
                .subscribe("/v2/me/*");
        Notifications byOtherChannel = notifications(transport, agent, "/v2/me/calls");

        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();

        JsonNode first = byCookie.nextDevice();
        JsonNode second = byBasic.nextDevice();
        assertThat(second).isEqualTo(first);
        // Subscriptions select: a session listening only to calls hears no device change.
        byOtherChannel.assertNoMore(QUIET);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientsCannotPublishOnUserChannels(Transport transport) {
        GwsClient agent1 = loggedIn("agent1");
        GwsClient agent2 = loggedIn("agent2");
        Notifications attacker = notifications(transport, agent1, "/v2/me/devices");
        Notifications victim = notifications(transport, agent2, "/v2/me/devices");

        for (String channel : new String[] {"/v2/me/devices", "/v2/me/calls", "/v2/me", "/v2/users"}) {
            Message reply = attacker.publish(channel, java.util.Map.of("messageType", "DeviceStateChangeMessage"));
            assertThat(reply.isSuccessful()).as("publish on %s", channel).isFalse();
        }
        victim.assertNoMore(QUIET);
        attacker.assertNoMore(Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void handshakeWithoutValidCredentialsFails(Transport transport) {
        assertThat(unconnected(transport, null, null).handshake().isSuccessful()).as("no credentials").isFalse();
        assertThat(unconnected(transport, null, GwsClient.basicHeader("agent1", "wrong")).handshake().isSuccessful())
                .as("wrong password").isFalse();
        assertThat(unconnected(transport, null, GwsClient.basicHeader("nobody", "password")).handshake().isSuccessful())
                .as("unknown user").isFalse();
        assertThat(unconnected(transport, "node0notasession.node0", null).handshake().isSuccessful())
                .as("stale cookie").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void endedHttpSessionNoLongerAuthenticatesANewHandshake(Transport transport) {
        GwsClient agent = loggedIn("agent4");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        String sessionId = agent.sessionId();
        agent.operation("/api/v2/me", "EndContactCenterSession").assertOk();

        assertThat(unconnected(transport, sessionId, null).handshake().isSuccessful()).isFalse();
    }

    @Test
    void csrfTokenIsHandedOutOnGetsAndRequiredOnCookiePosts() {
        GwsClient agent = client("agent1", GwsClient.Auth.COOKIE);
        Reply first = agent.get("/api/v2/me").assertOk();
        assertThat(first.headers().get("X-CSRF-HEADER")).isEqualTo("X-CSRF-TOKEN");
        String token = first.headers().get("X-CSRF-TOKEN");
        assertThat(token).isNotBlank();
        assertThat(agent.get("/api/v2/me/devices").assertOk().headers().get("X-CSRF-TOKEN"))
                .as("the token lives with the session").isEqualTo(token);

        String body = "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}";
        Reply withoutToken = agent.send(agent.request(HttpMethod.POST, "/api/v2/me", false)
                .headers(h -> h.remove("X-CSRF-TOKEN"))
                .body(new org.eclipse.jetty.client.StringRequestContent("application/json", body)));
        withoutToken.assertError(403, 3);
        assertThat(withoutToken.statusMessage()).isEqualTo("Missing or invalid Csrf token");

        Reply wrongToken = agent.send(agent.request(HttpMethod.POST, "/api/v2/me", false)
                .headers(h -> h.put("X-CSRF-TOKEN", "not-the-token"))
                .body(new org.eclipse.jetty.client.StringRequestContent("application/json", body)));
        wrongToken.assertError(403, 3);
        assertThat(server.contactCenter().sessionPlace(server.contactCenter().directory().userByName("agent1").orElseThrow()))
                .as("refused requests changed nothing").isEmpty();

        agent.post("/api/v2/me", body).assertOk();
        assertThat(agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0)
                .path("userState").path("state").asText()).isEqualTo("NotReady");
    }

    @Test
    void basicOnEveryRequestWorksWithoutCookiesOrTokens() {
        GwsClient agent = client("agent2", GwsClient.Auth.BASIC);
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        agent.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        JsonNode device = agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0);
        assertThat(device.path("userState").path("state").asText()).isEqualTo("Ready");
        agent.operation("/api/v2/me", "EndContactCenterSession").assertOk();
    }

    @Test
    void basicCredentialsOfAnotherUserReplaceTheCookieSession() {
        GwsClient agent1 = loggedIn("agent1");
        Reply asAgent2 = agent1.send(agent1.request(HttpMethod.GET, "/api/v2/me", false)
                .headers(h -> h.put("Authorization", GwsClient.basicHeader("agent2", "password"))));
        assertThat(asAgent2.assertOk().body().path("user").path("userName").asText()).isEqualTo("agent2");
    }

    @Test
    void versionNeedsNoAuthentication() {
        GwsClient anonymous = new GwsClient(http, server.baseUrl(), "nobody", "none", GwsClient.Auth.COOKIE);
        Reply reply = anonymous.send(http.newRequest(server.baseUrl() + "/api/v2/diagnostics/version"));
        assertThat(reply.assertOk().body().path("version").asText()).isNotBlank();
        Reply me = anonymous.send(http.newRequest(server.baseUrl() + "/api/v2/me"));
        me.assertError(401, 20);
        assertThat(me.statusMessage()).isEqualTo("Access denied");
        assertThat(me.headers().get("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void aBrowserScriptWithoutCredentialsGets403AndNoChallenge() {
        GwsClient anonymous = new GwsClient(http, server.baseUrl(), "nobody", "none", GwsClient.Auth.COOKIE);
        Reply me = anonymous.send(http.newRequest(server.baseUrl() + "/api/v2/me?subresources=features,devices,channels")
                .headers(h -> h.put("X-Requested-With", "XMLHttpRequest")));
        me.assertError(403, 20);
        assertThat(me.statusMessage()).isEqualTo("Access denied");
        assertThat(me.headers().get("WWW-Authenticate")).as("no challenge: the browser must not show its own dialog").isNull();
        Reply wrong = anonymous.send(http.newRequest(server.baseUrl() + "/api/v2/me")
                .headers(h -> h.put("X-Requested-With", "XMLHttpRequest").put("Authorization", GwsClient.basicHeader("agent1", "wrong"))));
        wrong.assertError(403, 20);
        assertThat(wrong.headers().get("WWW-Authenticate")).isNull();
    }
}
