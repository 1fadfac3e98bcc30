package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;

/**
 * A session opened by a Basic request lives a short while until its cookie comes back, then the configured timeout:
 * clients that send Basic every time and drop the cookie do not pile sessions up. Here the short while is one second.
 * On Switchboard's own APIs ({@code /sim/v1}, {@code /ext/v1}) Basic opens no session at all.
 */
class SessionLifetimeEndToEndTest {
    private static final Duration UNCONFIRMED = Duration.ofSeconds(1);
    /** Long enough for an unconfirmed session to have expired, with room for a slow machine. */
    private static final Duration PAST_UNCONFIRMED = Duration.ofMillis(2500);

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        server = SwitchboardServer.start(new SwitchboardServer.Options(ConfigLoader.loadDemo(), dataDir, 0, null, 0, UNCONFIRMED));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSessionWhoseCookieNeverCameBackEndsAfterTheShortLifetime() {
        GwsClient agent = new GwsClient(http, server.baseUrl(), "agent1", "password", GwsClient.Auth.COOKIE);
        agent.login();
        assertThat(agent.sessionId()).isNotNull();

        waitPast();

        Reply reply = agent.get("/api/v2/me");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.statusCode()).isEqualTo(20);
    }

    @Test
    void aSessionWhoseCookieCameBackLivesOn() {
        GwsClient agent = new GwsClient(http, server.baseUrl(), "agent2", "password", GwsClient.Auth.COOKIE);
        agent.login();
        agent.get("/api/v2/me").assertOk();

        waitPast();

        agent.get("/api/v2/me").assertOk();
    }

    @Test
    void basicOnTheSimulatorAndExtensionApisOpensNoSessionWhileAGwsSessionStillServesThem() {
        GwsClient admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.BASIC);
        Reply placed = admin.post("/sim/v1/calls", "{\"from\":\"5551001\",\"to\":\"5001\"}");
        placed.assertOk();
        Reply audit = admin.get("/ext/v1/monitoring/audit");
        audit.assertOk();
        assertThat(placed.headers().get(HttpHeader.SET_COOKIE)).as("a Basic POST to /sim/v1").isNull();
        assertThat(audit.headers().get(HttpHeader.SET_COOKIE)).as("a Basic GET of /ext/v1").isNull();
        assertThat(admin.sessionId()).isNull();

        GwsClient cookie = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.COOKIE);
        cookie.login();
        assertThat(cookie.sessionId()).as("GET /api/v2/me with Basic opens the GWS session").isNotNull();
        cookie.get("/ext/v1/monitoring/audit").assertOk();
        cookie.get("/sim/v1/calls").assertOk();
    }

    /** Lets the unconfirmed lifetime pass without touching the session. */
    private static void waitPast() {
        long until = System.nanoTime() + PAST_UNCONFIRMED.toNanos();
        await().pollDelay(PAST_UNCONFIRMED).atMost(PAST_UNCONFIRMED.multipliedBy(2)).until(() -> System.nanoTime() >= until);
    }
}
