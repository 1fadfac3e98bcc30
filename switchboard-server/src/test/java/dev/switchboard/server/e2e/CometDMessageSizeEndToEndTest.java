package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Message;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.server.notify.CometD;

/**
 * CometD reads at most 64 KiB per message, as REST reads at most 64 KiB per body: a 1 MB handshake or a publish over
 * the limit is refused (long-polling: HTTP 413; websocket: the connection is closed) by any client, authenticated or
 * not, and the server goes on serving everyone, the refused client included once it handshakes again.
 */
class CometDMessageSizeEndToEndTest extends EndToEndTest {
    private static final int ONE_MB = 1024 * 1024;
    private static final String[] VOICE = {"voice"};

    @Test
    void aRawOneMegabyteHandshakeOverLongPollingIsRefusedWith413() throws Exception {
        String padding = "x".repeat(ONE_MB);
        byte[] handshake = ("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"],"
                + "\"ext\":{\"padding\":\"" + padding + "\"}}]").getBytes(StandardCharsets.UTF_8);
        int status;
        try {
            ContentResponse response = http.newRequest(server.baseUrl() + CometD.PATH + "/handshake").method(HttpMethod.POST)
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, GwsClient.basicHeader("agent1", "password")))
                    .body(new BytesRequestContent("application/json;charset=UTF-8", handshake))
                    .timeout(10, TimeUnit.SECONDS).send();
            status = response.getStatus();
            assertThat(response.getContentAsString()).as("a GWS body, as REST's 413").contains("\"statusCode\":2")
                    .doesNotContain("clientId");
        } catch (ExecutionException closedWhileSending) {
            // The server may stop reading and close before the client has sent everything: refused as well.
            status = -1;
        }
        assertThat(status).as("HTTP status (-1: connection closed)").isIn(413, -1);

        // The same handshake at a normal size is accepted.
        byte[] normal = "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"]}]"
                .getBytes(StandardCharsets.UTF_8);
        ContentResponse accepted = http.newRequest(server.baseUrl() + CometD.PATH + "/handshake").method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, GwsClient.basicHeader("agent1", "password")))
                .body(new BytesRequestContent("application/json;charset=UTF-8", normal))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(accepted.getStatus()).isEqualTo(200);
        assertThat(accepted.getContentAsString()).contains("\"successful\":true", "clientId");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aHalfMegabyteHandshakeFromTheCometDClientIsRefused(Transport transport) {
        // The Java client itself sends nothing over 1 MB; half of that is eight times the server's limit.
        Notifications big = unconnected(transport, null, GwsClient.basicHeader("agent2", "password"));
        CompletableFuture<Message> reply = new CompletableFuture<>();
        big.client().handshake(Map.of(Message.EXT_FIELD, Map.of("padding", "x".repeat(ONE_MB / 2))), reply::complete);
        Message refused = reply.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(refused.isSuccessful()).as("reply %s", abbreviated(refused)).isFalse();
        if (transport == Transport.LONG_POLLING) {
            assertThat(refusal(refused)).contains("httpCode=413");
        } else {
            // The server closes with 1009 once the frame passes the limit; when that close overtakes the client, which
            // is still writing the rest of the frame, the client sees its write fail instead. Refused either way.
            assertThat(refusal(refused)).containsAnyOf("1009 Text message too large", "Broken pipe", "Connection reset");
        }
        big.client().disconnect();

        stillServes(transport, "agent2");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPublishOverTheLimitIsRefusedAndOneBelowItIsRead(Transport transport) {
        GwsClient agent = loggedIn("agent3");
        Notifications events = notifications(transport, agent, "/v2/me/devices");

        Message read = events.publish("/v2/me/devices", Map.of("padding", "x".repeat(60 * 1024)));
        assertThat(read.isSuccessful()).isFalse();
        assertThat(read.get(Message.ERROR_FIELD)).as("read, then refused by the security policy").asString().contains("publish");

        Message tooBig = events.publish("/v2/me/devices", Map.of("padding", "x".repeat(CometD.MAX_MESSAGE_SIZE + 1)));
        assertThat(tooBig.isSuccessful()).isFalse();
        assertThat(tooBig.get(Message.ERROR_FIELD)).as("not read: %s", abbreviated(tooBig)).isNull();
        assertThat(refusal(tooBig)).contains(transport == Transport.LONG_POLLING ? "httpCode=413" : "1009 Text message too large");
        // The refused client would handshake again by itself; this one leaves, and a new one connects.
        events.client().disconnect();

        stillServes(transport, "agent3");
    }

    /** A new client of the user connects and hears its own device change; REST answers. */
    private void stillServes(Transport transport, String userName) {
        GwsClient agent = loggedIn(userName);
        Notifications events = notifications(transport, agent, "/v2/me/devices");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", VOICE).assertOk();
        assertThat(events.nextDevice().path("deviceState").asText()).isNotEmpty();
        agent.get("/api/v2/me").assertOk();
    }

    /** Why the client failed the message: the transport's exception (an HTTP status, or the websocket close). */
    private static String refusal(Message failed) {
        Object failure = failed.get("failure");
        return failure instanceof Map<?, ?> map ? String.valueOf(map.get("exception")) : String.valueOf(failure);
    }

    private static String abbreviated(Message message) {
        String text = String.valueOf(message);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
