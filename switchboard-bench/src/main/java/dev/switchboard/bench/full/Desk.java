package dev.switchboard.bench.full;

import java.io.IOException;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.transport.HttpClientTransport;
import org.cometd.client.websocket.common.AbstractWebSocketTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.cometd.common.JacksonJSONContextClient;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import jakarta.websocket.WebSocketContainer;

/**
 * One user's desktop: REST with its own {@code JSESSIONID} (sent explicitly, never kept in the shared Jetty client),
 * and a real CometD Java client session on {@code /api/v2/notifications} with its own cookie store, subscribed to
 * {@code /v2/me/*}. Every message is handed to the listener with its stream number ({@code ext.seq}, -1 when absent)
 * and the {@link System#nanoTime()} of its arrival.
 */
public final class Desk implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MILLIS = 15_000;

    /** Receives every message of every desk, on CometD's threads: must not block. */
    public interface Listener {
        void onMessage(Desk desk, String channel, Map<String, Object> data, long seq, long nanos);
    }

    /** A REST reply: HTTP status and body. */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status == 200 && body.path("statusCode").asInt(0) == 0;
        }

        public Reply assertOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + body);
            }
            return this;
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String user;
    private final String basic;
    private volatile String sessionId;
    private volatile String deviceId;
    private BayeuxClient client;

    public Desk(HttpClient http, String baseUrl, String user, String password) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.user = user;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public String user() {
        return user;
    }

    public String deviceId() {
        return deviceId;
    }

    public void deviceId(String id) {
        this.deviceId = id;
    }

    /** The URI other users name this desk's device by. */
    public String deviceUri() {
        return baseUrl + "/api/v2/devices/" + deviceId;
    }

    /**
     * POST {@code path} with an empty JSON body on the desk's cookie session, without waiting: {@code done} gets whether it
     * succeeded (HTTP 200).
     */
    public void postAsync(String path, java.util.function.Consumer<Boolean> done) {
        request(HttpMethod.POST, path, "{}", false)
                .send(result -> done.accept(result.isSucceeded() && result.getResponse().getStatus() == 200));
    }

    /** Opens the cookie session: GET /api/v2/me with Basic. */
    public Reply login() {
        return send(HttpMethod.GET, "/api/v2/me", null, true).assertOk("login of " + user);
    }

    public Reply get(String path) {
        return send(HttpMethod.GET, path, null, sessionId == null);
    }

    public Reply post(String path, String json) {
        return send(HttpMethod.POST, path, json, sessionId == null);
    }

    /** Posts {@code {"operationName": operation, ...fields}}. */
    public Reply operation(String path, String operation, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>();
        body.put("operationName", operation);
        body.putAll(fields);
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A request with Basic credentials or the desk's session cookie, and a JSON body when {@code json} is given. */
    private Request request(HttpMethod method, String path, String json, boolean useBasic) {
        Request request = http.newRequest(baseUrl + path).method(method).timeout(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (useBasic) {
            request.headers(h -> h.put(HttpHeader.AUTHORIZATION, basic));
        } else {
            request.headers(h -> h.put(HttpHeader.COOKIE, "JSESSIONID=" + sessionId));
        }
        if (json != null) {
            request.body(new StringRequestContent("application/json", json, StandardCharsets.UTF_8));
        }
        return request;
    }

    private Reply send(HttpMethod method, String path, String json, boolean useBasic) {
        Request request = request(method, path, json, useBasic);
        try {
            ContentResponse response = request.send();
            for (String header : response.getHeaders().getValuesList(HttpHeader.SET_COOKIE)) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getName().equals("JSESSIONID")) {
                        sessionId = cookie.getValue();
                    }
                }
            }
            String content = response.getContentAsString();
            return new Reply(response.getStatus(), content.isEmpty() ? JSON.createObjectNode() : JSON.readTree(content));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (ExecutionException | TimeoutException | IOException failed) {
            throw new IllegalStateException(method + " " + path + " as " + user + " failed", failed);
        }
    }

    /** Handshakes with the session cookie, waits until connected, subscribes to {@code /v2/me/*} and waits for the reply. */
    public void connect(boolean websocket, WebSocketContainer webSockets, ScheduledExecutorService scheduler, Listener listener) {
        String url = baseUrl + "/api/v2/notifications";
        // A HashMap: CometD's transports mutate their options.
        Map<String, Object> options = new HashMap<>();
        options.put(ClientTransport.JSON_CONTEXT_OPTION, new JacksonJSONContextClient());
        // The default 5 s is short for a cold client JVM opening many websockets on 2 busy cores.
        options.put(AbstractWebSocketTransport.CONNECT_TIMEOUT_OPTION, WAIT_MILLIS);
        String cookie = sessionId;
        HttpClientTransport transport;
        if (websocket) {
            transport = new WebSocketTransport(url, options, scheduler, webSockets) {
                @Override
                protected void onHandshakeRequest(Map<String, List<String>> headers) {
                    super.onHandshakeRequest(headers);
                    List<String> cookies = headers.computeIfAbsent("Cookie", name -> new ArrayList<>());
                    String jar = cookies.isEmpty() ? "" : String.join("; ", cookies) + "; ";
                    cookies.clear();
                    cookies.add(jar + "JSESSIONID=" + cookie);
                }
            };
        } else {
            transport = new JettyHttpClientTransport(url, options, scheduler, http) {
                @Override
                protected void customize(Request request) {
                    request.cookie(org.eclipse.jetty.http.HttpCookie.from("JSESSIONID", cookie));
                }
            };
        }
        // Its own cookie jar, as each browser has: long-polling keeps its BAYEUX_BROWSER cookie there.
        transport.setHttpCookieStore(new HttpCookieStore.Default());
        client = new BayeuxClient(url, scheduler, transport);
        CompletableFuture<Message> handshake = new CompletableFuture<>();
        client.handshake(handshake::complete);
        Message reply = handshake.orTimeout(WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
        if (!reply.isSuccessful() || !client.waitFor(WAIT_MILLIS, BayeuxClient.State.CONNECTED)) {
            throw new IllegalStateException("CometD handshake of " + user + " failed: " + reply);
        }
        CompletableFuture<Message> subscribed = new CompletableFuture<>();
        client.getChannel("/v2/me/*").subscribe((channel, message) -> {
            long now = System.nanoTime();
            Map<String, Object> ext = message.getExt();
            Object seq = ext == null ? null : ext.get("seq");
            listener.onMessage(this, message.getChannel(), message.getDataAsMap(), seq instanceof Number n ? n.longValue() : -1, now);
        }, subscribed::complete);
        Message answer = subscribed.orTimeout(WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
        if (!answer.isSuccessful()) {
            throw new IllegalStateException("Subscription of " + user + " refused: " + answer);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.disconnect(2_000);
        }
    }
}
