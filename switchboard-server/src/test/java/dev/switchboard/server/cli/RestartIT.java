package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.store.AgentStateEntry;
import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.OpenMonitoring;
import dev.switchboard.server.store.JdbcStore;
import dev.switchboard.server.store.PostgresTestDatabase;

/**
 * Nothing the records hold open outlives the process that carried it (issue 12): a real {@code ./switchboard} with a
 * supervisor listening in on an agent's answered call is stopped with SIGTERM, or killed with SIGKILL, and started
 * again on the same store. Afterwards the audit's chain is intact, the supervisor's JOIN is followed by a LEAVE and an
 * END with the reason ({@code shutdown} when the stopping server wrote them, {@code restart} when the next one did), no
 * subscription is open in the audit that the switch does not have (it has none after a restart), and the agents'
 * histories end with a logout for the same reason.
 *
 * <p>On the embedded H2 store ({@code demo --data-dir}) and on PostgreSQL ({@code serve --config} with the demo
 * configuration and a store URL), the latter skipped when no PostgreSQL answers on 127.0.0.1:5432. Run by failsafe after
 * {@code package}, like {@link AuditCrashIT}. Every process is stopped by its handle in a {@code finally}.
 */
class RestartIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgresTestDatabase postgres;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void createDatabase() throws Exception {
        postgres = PostgresTestDatabase.create("switchboard_restart_");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (postgres != null) {
            postgres.drop();
        }
    }

    /** How a server is started on its store, and how the store is opened by the test once the server is gone. */
    private interface Store {
        ProcessBuilder server() throws IOException;

        JdbcStore open();
    }

    private Store h2() {
        Path dataDir = temp.resolve("data");
        return new Store() {
            @Override
            public ProcessBuilder server() {
                return ChildLines.launcher("demo", "--port", "0", "--sip-port", "0", "--data-dir", dataDir.toString(), "--traffic", "0");
            }

            @Override
            public JdbcStore open() {
                return JdbcStore.open(JdbcStore.h2FileUrl(dataDir), null, null);
            }
        };
    }

    private Store postgres(String schema) throws Exception {
        postgres.assumeReachable();
        // One database per test class: a schema per test keeps the two tests' audits apart.
        String url = postgres.url() + (postgres.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(postgres.url(), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        Path config = temp.resolve("postgres.yaml");
        String demo;
        try (InputStream in = RestartIT.class.getResourceAsStream("/dev/switchboard/server/config/demo.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(config, demo.replaceFirst("(?m)^server:\\n", "server:\n  store:\n    url: \"" + url + "\"\n    user: "
                + PostgresTestDatabase.USER + "\n"));
        Path dataDir = temp.resolve("pg-data");
        return new Store() {
            @Override
            public ProcessBuilder server() {
                return ChildLines.launcher("serve", "--config", config.toString(), "--port", "0", "--sip-port", "0", "--data-dir",
                        dataDir.toString(), "--traffic", "0");
            }

            @Override
            public JdbcStore open() {
                return JdbcStore.open(url, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD);
            }
        };
    }

    @Test
    void sigtermClosesTheOpenMonitoringAndHistoriesOnH2() throws Exception {
        stoppedAndRestarted(h2(), false);
    }

    @Test
    void sigkillLeavesThemToTheNextStartOnH2() throws Exception {
        stoppedAndRestarted(h2(), true);
    }

    @Test
    void sigtermClosesTheOpenMonitoringAndHistoriesOnPostgres() throws Exception {
        stoppedAndRestarted(postgres("sigterm"), false);
    }

    @Test
    void sigkillLeavesThemToTheNextStartOnPostgres() throws Exception {
        stoppedAndRestarted(postgres("sigkill"), true);
    }

    private void stoppedAndRestarted(Store store, boolean kill) throws Exception {
        String reason = kill ? "restart" : "shutdown";
        String supervisorId;
        String agentId;
        String callId;
        Instant stopped;
        try (ChildLines server = new ChildLines(store.server(), SHUTDOWN)) {
            int port = server.port(STARTUP);
            agentId = call(port, "GET", "/api/v2/me", "agent1", null).path("user").path("id").asText();
            supervisorId = call(port, "GET", "/api/v2/me", "supervisor1", null).path("user").path("id").asText();
            callId = supervisorOnAnAnsweredCall(port);
            await().atMost(CALL).untilAsserted(() -> assertThat(kinds(call(port, "GET", "/ext/v1/monitoring/audit", "admin", null),
                    supervisorId)).as("the supervisor's audit entries").containsExactly("REQUEST", "JOIN"));
            stopped = Instant.now();
            if (kill) {
                server.kill();
            } else {
                server.terminate();
            }
        }

        if (!kill) {
            // Written by the stopping server itself, before it closed its store.
            try (JdbcStore closed = store.open()) {
                assertThat(closed.history(agentId, 1)).singleElement().satisfies(latest -> {
                    assertThat(latest.state()).isEqualTo("LOGGED_OUT");
                    assertThat(latest.reason()).isEqualTo("shutdown");
                });
            }
        }

        try (ChildLines server = new ChildLines(store.server(), SHUTDOWN)) {
            int port = server.port(STARTUP);
            JsonNode audit = call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);
            assertOk(audit);
            assertThat(audit.path("chainValid").asBoolean()).as(audit.toString()).isTrue();
            List<JsonNode> mine = entriesOf(audit, supervisorId);
            assertThat(mine).extracting(entry -> entry.path("kind").asText()).as(audit.toString())
                    .containsExactly("REQUEST", "JOIN", "LEAVE", "END");
            JsonNode leave = mine.get(2);
            JsonNode end = mine.get(3);
            assertThat(leave.path("callId").asText()).isEqualTo(callId);
            assertThat(leave.path("target").asText()).isEqualTo("5001");
            assertThat(leave.path("detail").asText()).isEqualTo(reason);
            assertThat(end.path("target").asText()).isEqualTo("5001");
            assertThat(end.path("detail").asText()).isEqualTo(reason);
            assertThat(Instant.parse(end.path("at").asText())).isAfterOrEqualTo(stopped.minusSeconds(1));

            // Complete: nothing is open in the audit that the switch does not have; after a restart it has nothing.
            JsonNode subscriptions = call(port, "GET", "/ext/v1/monitoring/subscriptions", "admin", null);
            assertThat(subscriptions.path("subscriptions").size()).as(subscriptions.toString()).isZero();
            assertThat(OpenMonitoring.of(entries(audit))).as(audit.toString()).isEmpty();
            server.terminate();
        }

        try (JdbcStore closed = store.open()) {
            List<AgentStateEntry> history = closed.history(agentId, 10);
            assertThat(history).as("agent1's history, newest first").isNotEmpty();
            assertThat(history.get(0).state()).isEqualTo("LOGGED_OUT");
            assertThat(history.get(0).reason()).isEqualTo(reason);
            assertThat(closed.latestEntries()).as("every history closed").allSatisfy(latest ->
                    assertThat(latest.state()).as(latest.toString()).isEqualTo("LOGGED_OUT"));
        }
    }

    /**
     * agent1 logs in Ready, supervisor1 listens in on 5001, a simulated customer calls routing point 7000 and agent1
     * answers: the supervisor joins. Answers the call's id.
     */
    private String supervisorOnAnAnsweredCall(int port) throws Exception {
        assertOk(call(port, "POST", "/api/v2/me", "agent1", "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}"));
        assertOk(call(port, "POST", "/api/v2/me/channels/voice", "agent1", "{\"operationName\":\"Ready\"}"));
        assertOk(call(port, "POST", "/api/v2/me", "supervisor1",
                "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}"));
        String supervisorDevice = null;
        for (JsonNode device : call(port, "GET", "/api/v2/me/devices?fields=*", "supervisor1", null).path("devices")) {
            if (device.path("phoneNumber").asText().equals("5005")) {
                supervisorDevice = device.path("id").asText();
            }
        }
        assertThat(supervisorDevice).as("supervisor1's device 5005").isNotNull();
        assertOk(call(port, "POST", "/api/v2/me/devices/" + supervisorDevice, "supervisor1",
                "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5001\",\"supervisorMonitoringMode\":\"AllCalls\"}"));
        assertOk(call(port, "POST", "/sim/v1/calls", "admin", "{\"from\":\"5551001\",\"to\":\"7000\"}"));
        AtomicReference<String> ringing = new AtomicReference<>();
        await().atMost(CALL).untilAsserted(() -> {
            JsonNode calls = call(port, "GET", "/api/v2/me/calls?fields=id,state", "agent1", null);
            assertThat(calls.path("calls").size()).as(calls.toString()).isEqualTo(1);
            assertThat(calls.path("calls").get(0).path("state").asText()).isEqualTo("Ringing");
            ringing.set(calls.path("calls").get(0).path("id").asText());
        });
        assertOk(call(port, "POST", "/api/v2/me/calls/" + ringing.get(), "agent1", "{\"operationName\":\"Answer\"}"));
        return ringing.get();
    }

    private static List<JsonNode> entriesOf(JsonNode audit, String supervisorId) {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode entry : audit.path("entries")) {
            if (entry.path("supervisorId").asText().equals(supervisorId)) {
                mine.add(entry);
            }
        }
        return mine;
    }

    private static List<String> kinds(JsonNode audit, String supervisorId) {
        return entriesOf(audit, supervisorId).stream().map(entry -> entry.path("kind").asText()).toList();
    }

    /** The audit's entries as the server has them, to ask {@link OpenMonitoring} what is open. */
    private static List<AuditEntry> entries(JsonNode audit) {
        List<AuditEntry> entries = new ArrayList<>();
        for (JsonNode entry : audit.path("entries")) {
            AuditRecord record = new AuditRecord(Instant.parse(entry.path("at").asText()), entry.path("kind").asText(),
                    entry.path("supervisorId").asText(), text(entry, "target"), text(entry, "callId"), text(entry, "detail"));
            entries.add(new AuditEntry(entry.path("sequence").asLong(), record, entry.path("previousHash").asText(),
                    entry.path("hash").asText()));
        }
        return entries;
    }

    private static String text(JsonNode entry, String field) {
        return entry.hasNonNull(field) ? entry.path(field).asText() : null;
    }

    private JsonNode call(int port, String method, String path, String userName, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        String credentials = userName + ":password";
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void assertOk(JsonNode reply) {
        assertThat(reply.path("statusCode").asInt(-1)).as(reply.toString()).isZero();
    }
}
