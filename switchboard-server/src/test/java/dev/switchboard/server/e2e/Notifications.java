package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.transport.HttpClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.cometd.common.JacksonJSONContextClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;

import jakarta.websocket.WebSocketContainer;

/**
 * A real CometD Java client session on {@code /api/v2/notifications}, over either transport, authenticated by a
 * session cookie or a Basic header. Every message on a subscribed channel is recorded, in order, for bounded waits.
 */
public final class Notifications implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BayeuxClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /** A message as received: its channel and its data. */
    public record Received(String channel, JsonNode data) {
        public String messageType() {
            return data.path("messageType").asText();
        }
    }

    private Notifications(BayeuxClient client) {
        this.client = client;
    }

    /**
     * A client that has not handshaken yet.
     *
     * @param sessionId   the {@code JSESSIONID} to send, or {@code null}
     * @param basicHeader the {@code Authorization} value to send, or {@code null}
     */
    public static Notifications create(Transport transport, String baseUrl, HttpClient http, WebSocketContainer webSockets,
                                       ScheduledExecutorService scheduler, String sessionId, String basicHeader) {
        return createAt(transport, baseUrl + "/api/v2/notifications", http, webSockets, scheduler, sessionId, basicHeader);
    }

    /** The same, for the CometD endpoint at {@code url} (the statistics API's). */
    public static Notifications createAt(Transport transport, String url, HttpClient http, WebSocketContainer webSockets,
                                         ScheduledExecutorService scheduler, String sessionId, String basicHeader) {
        Map<String, Object> options = new HashMap<>();
        options.put(ClientTransport.JSON_CONTEXT_OPTION, new JacksonJSONContextClient());
        HttpClientTransport clientTransport = switch (transport) {
            case LONG_POLLING -> new JettyHttpClientTransport(url, options, scheduler, http) {
                @Override
                protected void customize(Request request) {
                    if (basicHeader != null) {
                        request.headers(h -> h.put(HttpHeader.AUTHORIZATION, basicHeader));
                    }
                    if (sessionId != null) {
                        request.cookie(HttpCookie.from("JSESSIONID", sessionId));
                    }
                }
            };
            case WEBSOCKET -> new WebSocketTransport(url, options, scheduler, webSockets) {
                @Override
                protected void onHandshakeRequest(Map<String, List<String>> headers) {
                    super.onHandshakeRequest(headers);
                    if (basicHeader != null) {
                        headers.put("Authorization", new ArrayList<>(List.of(basicHeader)));
                    }
                    if (sessionId != null) {
                        List<String> cookies = headers.computeIfAbsent("Cookie", name -> new ArrayList<>());
                        String jar = cookies.isEmpty() ? "" : String.join("; ", cookies) + "; ";
                        cookies.clear();
                        cookies.add(jar + "JSESSIONID=" + sessionId);
                    }
                }
            };
        };
        // Each client has its own cookie jar, as each browser does: CometD's long-polling keeps its BAYEUX_BROWSER
        // cookie there. The session cookie from the REST login is added to every request, as a browser would.
        clientTransport.setHttpCookieStore(new HttpCookieStore.Default());
        return new Notifications(new BayeuxClient(url, scheduler, clientTransport));
    }

    /** Handshakes and waits until connected; fails the test if the server refuses. */
    public Notifications connect() {
        List<Message> connects = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.getChannel(org.cometd.bayeux.Channel.META_CONNECT).addListener(
                (org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (c, m) -> connects.add(m));
        Message reply = handshake();
        assertThat(reply.isSuccessful()).as("handshake reply %s", reply).isTrue();
        assertThat(client.waitFor(WAIT.toMillis(), BayeuxClient.State.CONNECTED)).as("connected; /meta/connect replies %s", connects)
                .isTrue();
        return this;
    }

    /** Handshakes and returns the server's reply, successful or not. */
    public Message handshake() {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.handshake(reply::complete);
        return reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Subscribes and waits for the server to confirm; records everything that arrives on the channel. */
    public Notifications subscribe(String channel) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.getChannel(channel).subscribe((c, message) -> {
            // A wildcard listener such as /** also sees the client's own meta messages; only server messages count.
            if (!message.isMeta()) {
                received.add(new Received(message.getChannel(), JSON.valueToTree(message.getDataAsMap())));
            }
        }, reply::complete);
        Message answer = reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(answer.isSuccessful()).as("subscribe reply %s", answer).isTrue();
        return this;
    }

    /** Publishes and returns the server's reply. */
    public Message publish(String channel, Object data) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.getChannel(channel).publish(data, reply::complete);
        return reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next message, waiting up to 10 seconds. */
    public Received next() {
        try {
            Received message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a notification within %s", WAIT).isNotNull();
            return message;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }

    /** The next message, which must be a DeviceStateChangeMessage on /v2/me/devices; returns its one device. */
    public JsonNode nextDevice() {
        Received message = next();
        assertThat(message.channel()).isEqualTo("/v2/me/devices");
        assertThat(message.messageType()).isEqualTo("DeviceStateChangeMessage");
        assertThat(message.data().path("devices")).hasSize(1);
        return message.data().path("devices").get(0);
    }

    /**
     * The next message, which must be a CallStateChangeMessage on /v2/me/calls; returns its data (with
     * {@code notificationType}, {@code call} and {@code phoneNumber}).
     */
    public JsonNode nextCall() {
        Received message = next();
        assertThat(message.channel()).as("channel of %s", message).isEqualTo("/v2/me/calls");
        assertThat(message.messageType()).as("messageType of %s", message).isEqualTo("CallStateChangeMessage");
        return message.data();
    }

    /** The next call message as "notificationType state callType [participants]", for compact sequence asserts. */
    public String nextCallRow() {
        JsonNode data = nextCall();
        JsonNode call = data.path("call");
        List<String> participants = new ArrayList<>();
        call.path("participants").forEach(p -> participants.add(p.path("phoneNumber").asText()));
        return data.path("notificationType").asText() + " " + call.path("state").asText() + " " + call.path("callType").asText()
                + " " + participants;
    }

    /** Asserts nothing more arrives within {@code quiet}. */
    public void assertNoMore(Duration quiet) {
        try {
            Received message = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("no further notification, got %s", message).isNull();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }

    public BayeuxClient client() {
        return client;
    }

    @Override
    public void close() {
        client.disconnect(WAIT.toMillis());
    }
}
