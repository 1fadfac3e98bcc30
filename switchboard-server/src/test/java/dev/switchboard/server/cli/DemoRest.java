package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;

/** REST calls to a real demo server from the real-process tests: Basic with the demo password, JSON replies. */
final class DemoRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code method path} as {@code userName} (Basic, password {@code password}; none when {@code null}); the JSON reply. */
    JsonNode call(int port, String method, String path, String userName, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (userName != null) {
            request.header("Authorization", basic(userName));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    HttpClient http() {
        return http;
    }

    static String basic(String userName) {
        return "Basic " + Base64.getEncoder().encodeToString((userName + ":password").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /ext/v1/monitoring/audit}'s entries as the server has them, to ask {@code OpenMonitoring} what is open. */
    static List<AuditEntry> auditEntries(JsonNode audit) {
        List<AuditEntry> entries = new ArrayList<>();
        for (JsonNode entry : audit.path("entries")) {
            AuditRecord record = new AuditRecord(Instant.parse(entry.path("at").asText()), entry.path("kind").asText(),
                    entry.path("supervisorId").asText(), text(entry, "target"), text(entry, "callId"), text(entry, "detail"));
            entries.add(new AuditEntry(entry.path("sequence").asLong(), record, entry.path("previousHash").asText(),
                    entry.path("hash").asText()));
        }
        return entries;
    }

    /** The member's text, or {@code null} when it is absent or null. */
    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : null;
    }

    /** The one device of a {@code GET /api/v2/me/devices?fields=*} reply. */
    static JsonNode onlyDevice(JsonNode devices) {
        assertThat(devices.path("devices").size()).as(devices.toString()).isEqualTo(1);
        return devices.path("devices").get(0);
    }

    static void assertOk(JsonNode reply) {
        assertThat(reply.path("statusCode").asInt(-1)).as(reply.toString()).isZero();
    }

    /** A loopback port free now, for a server that must come back on the same one. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
