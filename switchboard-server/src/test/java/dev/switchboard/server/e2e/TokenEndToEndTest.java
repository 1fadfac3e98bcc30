package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cometd.bayeux.Message;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.sip.auth.MutableClock;

/**
 * {@code POST /auth/v3/oauth/token} in a real server with the demo's client {@code switchboard}/{@code switchboard},
 * on a clock the test moves (the login throttle's and the tokens'): tokens for good credentials, OAuth errors for a
 * bad client, a bad password and a throttled user name; the token as {@code Authorization: Bearer} on GWS REST (no
 * session, no CSRF token needed) and on CometD handshakes over both transports, until it expires.
 */
class TokenEndToEndTest extends EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    /** A token reply: HTTP status, headers and the JSON body. */
    record TokenReply(int status, org.eclipse.jetty.http.HttpFields headers, JsonNode body) {
    }

    @BeforeAll
    static void restartWithAClockTheTestMoves() throws Exception {
        server.close();
        server = SwitchboardServer.start(new SwitchboardServer.Options(ConfigLoader.loadDemo(), dataDir.resolve("tokens"), 0, null, 0)
                .withLoginClock(CLOCK));
    }

    /** Failures are forgotten after the throttle's window: tests do not add up on 127.0.0.1. */
    @AfterEach
    void forgetFailures() {
        CLOCK.advance(Duration.ofHours(1));
    }

    /** A token request with this client's Basic credentials ({@code null}: none) and form fields (name, value pairs). */
    static TokenReply token(String clientId, String secret, String... form) throws Exception {
        Fields fields = new Fields();
        for (int i = 0; i < form.length; i += 2) {
            fields.put(form[i], form[i + 1]);
        }
        Request request = http.POST(server.baseUrl() + "/auth/v3/oauth/token").body(new FormRequestContent(fields))
                .timeout(10, TimeUnit.SECONDS);
        if (clientId != null) {
            request.headers(h -> h.put(HttpHeader.AUTHORIZATION, GwsClient.basicHeader(clientId, secret)));
        }
        ContentResponse response = request.send();
        return new TokenReply(response.getStatus(), response.getHeaders(), JSON.readTree(response.getContentAsString()));
    }

    /** A token for a demo user with the demo client. */
    static String tokenFor(String userName) throws Exception {
        TokenReply reply = token("switchboard", "switchboard", "grant_type", "password", "username", userName,
                "password", "password", "client_id", "switchboard");
        assertThat(reply.status()).as("token reply %s", reply.body()).isEqualTo(200);
        return reply.body().path("access_token").asText();
    }

    private static ContentResponse me(String authorization) throws Exception {
        return http.newRequest(server.baseUrl() + "/api/v2/me").headers(h -> {
            h.put(HttpHeader.AUTHORIZATION, authorization);
            h.put("x-api-key", "anything");
        }).timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void goodCredentialsGetABearerTokenThatWorksOnRestWithoutASession() throws Exception {
        TokenReply reply = token("switchboard", "switchboard", "grant_type", "password", "username", "agent1", "password", "password",
                "scope", "*");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().fieldNames()).toIterable().containsExactly("access_token", "token_type", "expires_in", "scope");
        assertThat(reply.body().path("token_type").asText()).isEqualTo("bearer");
        assertThat(reply.body().path("expires_in").asLong()).isEqualTo(3600);
        assertThat(reply.body().path("scope").asText()).isEqualTo("*");
        assertThat(reply.body().path("access_token").asText()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(reply.headers().get(HttpHeader.CACHE_CONTROL)).isEqualTo("no-store");
        String token = reply.body().path("access_token").asText();
        assertThat(tokenFor("agent1")).as("every token is new").isNotEqualTo(token);

        ContentResponse me = me("Bearer " + token);
        assertThat(me.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(me.getContentAsString()).path("user").path("userName").asText()).isEqualTo("agent1");
        assertThat(me.getHeaders().get(HttpHeader.SET_COOKIE)).as("a bearer request opens no session").isNull();

        // An operation (POST) needs no CSRF token with a bearer token, as with Basic.
        ContentResponse ready = http.POST(server.baseUrl() + "/api/v2/me")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
                .body(new org.eclipse.jetty.client.StringRequestContent("application/json",
                        "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}")).timeout(10, TimeUnit.SECONDS).send();
        assertThat(ready.getStatus()).as(ready.getContentAsString()).isEqualTo(200);

        // A tenant prefix on the user name (Genesys's clients send one) is dropped.
        assertThat(token("switchboard", "switchboard", "grant_type", "password", "username", "Environment\\agent2",
                "password", "password").status()).isEqualTo(200);
    }

    @Test
    void aTokenExpires() throws Exception {
        String token = tokenFor("agent2");
        CLOCK.advance(Duration.ofSeconds(3599));
        assertThat(me("Bearer " + token).getStatus()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(1));
        ContentResponse expired = me("Bearer " + token);
        assertThat(expired.getStatus()).isEqualTo(401);
        assertThat(JSON.readTree(expired.getContentAsString()).path("statusCode").asInt()).isEqualTo(20);
    }

    @Test
    void aBadClientABadPasswordAndAnUnknownGrantAreOAuthErrors() throws Exception {
        TokenReply wrongSecret = token("switchboard", "nope", "grant_type", "password", "username", "agent1", "password", "password");
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body().path("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongSecret.headers().get(HttpHeader.WWW_AUTHENTICATE)).startsWith("Basic");
        TokenReply unknownClient = token("someone", "switchboard", "grant_type", "password", "username", "agent1", "password", "password");
        assertThat(unknownClient.body().path("error").asText()).isEqualTo("invalid_client");
        TokenReply noClient = token(null, null, "grant_type", "password", "username", "agent1", "password", "password");
        assertThat(noClient.status()).isEqualTo(401);
        assertThat(noClient.body().path("error").asText()).isEqualTo("invalid_client");
        TokenReply otherFormClient = token("switchboard", "switchboard", "grant_type", "password", "username", "agent1",
                "password", "password", "client_id", "other");
        assertThat(otherFormClient.body().path("error").asText()).isEqualTo("invalid_client");

        TokenReply badPassword = token("switchboard", "switchboard", "grant_type", "password", "username", "agent1", "password", "nope");
        assertThat(badPassword.status()).isEqualTo(401);
        assertThat(badPassword.body().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(badPassword.body().path("error_description").asText()).isEqualTo("Bad credentials");
        assertThat(token("switchboard", "switchboard", "grant_type", "password", "username", "nobody", "password", "password")
                .body().path("error").asText()).isEqualTo("invalid_grant");

        TokenReply clientCredentials = token("switchboard", "switchboard", "grant_type", "client_credentials");
        assertThat(clientCredentials.status()).isEqualTo(400);
        assertThat(clientCredentials.body().path("error").asText()).isEqualTo("unsupported_grant_type");
        TokenReply noPassword = token("switchboard", "switchboard", "grant_type", "password", "username", "agent1");
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.body().path("error").asText()).isEqualTo("invalid_request");

        ContentResponse get = http.newRequest(server.baseUrl() + "/auth/v3/oauth/token").timeout(10, TimeUnit.SECONDS).send();
        assertThat(get.getStatus()).isEqualTo(405);

        ContentResponse forged = me("Bearer not-a-token");
        assertThat(forged.getStatus()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsAtTheTokenEndpointAreThrottledLikeEveryOtherLogin() throws Exception {
        for (int i = 0; i < 5; i++) {
            TokenReply free = token("switchboard", "switchboard", "grant_type", "password", "username", "agent4", "password", "guess" + i);
            assertThat(free.body().path("error_description").asText()).isEqualTo("Bad credentials");
        }
        TokenReply refused = token("switchboard", "switchboard", "grant_type", "password", "username", "agent4", "password", "password");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.body().path("error_description").asText()).isEqualTo("Too many failed logins for user agent4; try again in 1 s");
        assertThat(refused.headers().get(HttpHeader.RETRY_AFTER)).isEqualTo("1");
        // The same count as GWS REST's Basic: the user name is throttled there too.
        ContentResponse rest = me(GwsClient.basicHeader("agent4", "password"));
        assertThat(JSON.readTree(rest.getContentAsString()).path("statusMessage").asText())
                .startsWith("Too many failed logins for user agent4");

        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(tokenFor("agent4")).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBearerTokenAuthenticatesACometDHandshake(Transport transport) throws Exception {
        String token = tokenFor("agent3");
        unconnected(transport, null, "Bearer " + token).connect().subscribe("/v2/me/devices");
        Message refused = unconnected(transport, null, "Bearer forged").handshake();
        assertThat(refused.isSuccessful()).isFalse();
        assertThat(refused.get(Message.ERROR_FIELD)).isEqualTo("403::handshake_denied");
    }
}
