package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The extension {@code POST /ext/v1/notifications/echo} against a real server (docs/compatibility.md): an
 * {@code EchoMessage} on {@code /v2/me/echo} to the caller's own subscribed sessions only, after one fdatasync when
 * asked, numbered and counted in its stream like every notification; bad input is GWS-shaped.
 */
class EchoEndToEndTest extends EndToEndTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theEchoComesBackOnTheCallersOwnSessionsWithAndWithoutAnFdatasync(Transport transport) {
        GwsClient agent = loggedIn("agent3");
        Notifications events = notifications(transport, agent, "/v2/me/*");
        GwsClient other = loggedIn("agent4");
        Notifications otherEvents = notifications(transport, other, "/v2/me/*");

        assertThat(agent.post("/ext/v1/notifications/echo", "{}").assertOk().body().toString())
                .isEqualTo("{\"statusCode\":0,\"sessions\":1}");
        Notifications.Received plain = events.next();
        assertThat(plain.channel()).isEqualTo("/v2/me/echo");
        assertThat(plain.data().toString()).isEqualTo("{\"messageType\":\"EchoMessage\",\"fdatasync\":false}");

        agent.post("/ext/v1/notifications/echo", "{\"fdatasync\":true}").assertOk();
        assertThat(events.next().data().path("fdatasync").asBoolean()).isTrue();
        assertThat(Files.exists(dataDir.resolve("diagnostics").resolve("echo-fdatasync.bin"))).isTrue();

        events.assertNoMore(QUIET);
        otherEvents.assertNoMore(QUIET);
        JsonNode streams = client("admin", GwsClient.Auth.BASIC).get("/ext/v1/notifications/sent").assertOk().body().path("streams");
        long counted = 0;
        for (JsonNode stream : streams) {
            if (stream.path("user").asText().equals("agent3") && stream.path("channel").asText().equals("/v2/me/echo")) {
                counted = stream.path("sent").asLong();
            }
        }
        assertThat(counted).as("agent3's echo stream in %s", streams).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSessionNotSubscribedToTheEchoGetsNothing() {
        GwsClient agent = loggedIn("agent5");
        Notifications devicesOnly = notifications(Transport.WEBSOCKET, agent, "/v2/me/devices");
        assertThat(agent.post("/ext/v1/notifications/echo", "{\"fdatasync\":false}").assertOk().body().path("sessions").asInt())
                .isZero();
        devicesOnly.assertNoMore(QUIET);
    }

    @Test
    void badInputIsRefusedBeforeAnything() {
        GwsClient agent = loggedIn("agent2");
        Notifications events = notifications(Transport.WEBSOCKET, agent, "/v2/me/*");
        agent.post("/ext/v1/notifications/echo", "{\"fdatasync\":\"yes\"}").assertError(400, 2);
        agent.post("/ext/v1/notifications/echo", "[true]").assertError(400, 2);
        agent.post("/ext/v1/notifications/echo", "{\"fdatasync\":").assertError(400, 2);
        events.assertNoMore(QUIET);
        GwsClient wrongPassword = new GwsClient(http, server.baseUrl(), "agent2", "wrong", GwsClient.Auth.BASIC);
        wrongPassword.post("/ext/v1/notifications/echo", "{}").assertError(401, 20);
    }
}
