package dev.switchboard.server.cli;

import static dev.switchboard.server.cli.DemoRest.assertOk;
import static dev.switchboard.server.cli.DemoRest.auditEntries;
import static dev.switchboard.server.cli.DemoRest.basic;
import static dev.switchboard.server.cli.DemoRest.freePort;
import static dev.switchboard.server.cli.DemoRest.onlyDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.supervision.OpenMonitoring;
import dev.switchboard.server.e2e.Notifications;
import dev.switchboard.server.e2e.Transport;
import dev.switchboard.server.store.JdbcStore;
import dev.switchboard.server.store.PostgresTestDatabase;

/**
 * Nothing acknowledged is lost across a restart (issue 12): a real {@code ./switchboard} on a fixed port is stopped
 * with SIGTERM, or killed with SIGKILL, while agents are Ready on a call, in after-call work, NotReady with a reason,
 * with do-not-disturb and forwarding on, and two supervisors monitor calls (supervisor1 AllCalls on agent1,
 * supervisor2 NextCall on agent4, both joined), with real CometD clients connected (websocket with the session
 * cookie, long-polling with Basic). It is started again on the same data directory and store. Afterwards:
 *
 * <ul>
 *   <li>every session, state, reason, remaining wrap-up, feature and the AllCalls subscription is as it was
 *       (GET answers the same), and no agent history got a logout: the sessions went on;</li>
 *   <li>the calls ended with the old process: nobody has a call, the audit says LEAVE for both joined calls with the
 *       reason ({@code shutdown} written by the stopping server, {@code restart} by the next one), and the NextCall
 *       subscription, whose call it was, ended (END {@code restart}); the chain is valid and what is open in the
 *       audit is exactly what is open in the switch;</li>
 *   <li>the clients re-handshake by themselves (with their cookie: sessions are kept in the data directory),
 *       subscribe again as GWS clients do in their handshake listener, and are told their devices as they are now:
 *       supervisor1 with its {@code supervisorMonitoringState}, supervisor2 without one.</li>
 * </ul>
 *
 * <p>On the embedded H2 store ({@code demo --data-dir}) and on PostgreSQL ({@code serve --config} with the demo
 * configuration and a store URL), the latter skipped when no PostgreSQL answers on 127.0.0.1:5432. Every process is
 * stopped by its handle in a {@code finally}.
 */
class RestartIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(20);
    /** How long a client may take to notice the restart, re-handshake and hear of its devices (back-off included). */
    private static final Duration BACK = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgresTestDatabase postgres;

    @TempDir
    Path temp;

    private final DemoRest rest = new DemoRest();

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

    /** How a server is started on its store and port, and how the store is opened by the test once the server is gone. */
    private interface Store {
        ProcessBuilder server(int port) throws IOException;

        JdbcStore open();
    }

    private Store h2() {
        Path dataDir = temp.resolve("data");
        return new Store() {
            @Override
            public ProcessBuilder server(int port) {
                return ChildLines.launcher("demo", "--port", String.valueOf(port), "--sip-port", "0", "--data-dir", dataDir.toString(),
                        "--traffic", "0");
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
            public ProcessBuilder server(int port) {
                return ChildLines.launcher("serve", "--config", config.toString(), "--port", String.valueOf(port), "--sip-port", "0",
                        "--data-dir", dataDir.toString(), "--traffic", "0");
            }

            @Override
            public JdbcStore open() {
                return JdbcStore.open(url, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD);
            }
        };
    }

    @Test
    void sigtermKeepsTheStateAndTellsTheClientsOnH2() throws Exception {
        stoppedAndRestarted(h2(), false);
    }

    @Test
    void sigkillKeepsTheStateAndTellsTheClientsOnH2() throws Exception {
        stoppedAndRestarted(h2(), true);
    }

    @Test
    void sigtermKeepsTheStateAndTellsTheClientsOnPostgres() throws Exception {
        stoppedAndRestarted(postgres("sigterm"), false);
    }

    @Test
    void sigkillKeepsTheStateAndTellsTheClientsOnPostgres() throws Exception {
        stoppedAndRestarted(postgres("sigkill"), true);
    }

    private void stoppedAndRestarted(Store store, boolean kill) throws Exception {
        String reason = kill ? "restart" : "shutdown";
        int port = freePort();
        Map<String, String> ids = new HashMap<>();
        Map<String, JsonNode> before = new HashMap<>();
        List<String> callIds;
        Instant stopped;
        org.eclipse.jetty.client.HttpClient cometdHttp = new org.eclipse.jetty.client.HttpClient();
        cometdHttp.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        cometdHttp.start();
        WebSocketContainer webSockets = ContainerProvider.getWebSocketContainer();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<Desktop> desktops = new ArrayList<>();
        try {
            try (ChildLines server = new ChildLines(store.server(port), SHUTDOWN)) {
                assertThat(server.port(STARTUP)).isEqualTo(port);
                for (String user : USERS) {
                    ids.put(user, rest.call(port, "GET", "/api/v2/me", user, null).path("user").path("id").asText());
                }
                callIds = floorAtWork(port);
                for (String user : USERS) {
                    before.put(user, devices(port, user));
                }
                String agent1Cookie = cookieOf(port, "agent1");
                String agent3Cookie = cookieOf(port, "agent3");
                desktops.add(new Desktop("agent1", Notifications.create(Transport.WEBSOCKET, "http://127.0.0.1:" + port, cometdHttp,
                        webSockets, scheduler, agent1Cookie, null)));
                desktops.add(new Desktop("agent3", Notifications.create(Transport.LONG_POLLING, "http://127.0.0.1:" + port, cometdHttp,
                        webSockets, scheduler, agent3Cookie, null)));
                desktops.add(new Desktop("supervisor1", Notifications.create(Transport.LONG_POLLING, "http://127.0.0.1:" + port,
                        cometdHttp, webSockets, scheduler, null, basic("supervisor1"))));
                desktops.add(new Desktop("supervisor2", Notifications.create(Transport.WEBSOCKET, "http://127.0.0.1:" + port, cometdHttp,
                        webSockets, scheduler, null, basic("supervisor2"))));
                for (Desktop desktop : desktops) {
                    desktop.connect();
                }
                stopped = Instant.now();
                if (kill) {
                    server.kill();
                } else {
                    server.terminate();
                }
            }

            if (!kill) {
                // Written by the stopping server itself, before it closed its store: the calls' LEAVEs, no logout.
                try (JdbcStore closed = store.open()) {
                    assertThat(closed.history(ids.get("agent1"), 1)).singleElement()
                            .satisfies(latest -> assertThat(latest.state()).isEqualTo("READY"));
                }
            }

            try (ChildLines server = new ChildLines(store.server(port), SHUTDOWN)) {
                assertThat(server.port(STARTUP)).isEqualTo(port);
                for (Desktop desktop : desktops) {
                    JsonNode told = desktop.nextDeviceWithin(BACK);
                    JsonNode now = onlyDevice(devices(port, desktop.user));
                    assertThat(told).as(desktop.user + " is told its device as GET answers it").isEqualTo(now);
                }
                for (String user : USERS) {
                    JsonNode was = onlyDevice(before.get(user));
                    JsonNode is = onlyDevice(devices(port, user));
                    assertThat(is.path("userState")).as(user + "'s state").isEqualTo(was.path("userState"));
                    assertThat(is.path("doNotDisturb")).as(user + "'s DND").isEqualTo(was.path("doNotDisturb"));
                    assertThat(is.path("forwardTo")).as(user + "'s forwarding").isEqualTo(was.path("forwardTo"));
                    JsonNode calls = rest.call(port, "GET", "/api/v2/me/calls", user, null);
                    assertThat(calls.path("uris").size()).as(user + "'s calls: none survived " + calls).isZero();
                }
                assertThat(onlyDevice(devices(port, "agent3")).path("userState").path("reason").asText()).isEqualTo("Lunch");
                assertThat(onlyDevice(devices(port, "agent3")).path("forwardTo").asText()).isEqualTo("5004");
                assertThat(onlyDevice(devices(port, "supervisor1")).path("supervisorMonitoringState"))
                        .isEqualTo(onlyDevice(before.get("supervisor1")).path("supervisorMonitoringState"));
                assertThat(onlyDevice(before.get("supervisor2")).has("supervisorMonitoringState")).isTrue();
                assertThat(onlyDevice(devices(port, "supervisor2")).has("supervisorMonitoringState")).as("NextCall had its call").isFalse();
                // agent2's wrap-up goes on from where it was: it was 600 s, it is not over and not started again.
                JsonNode agent2 = onlyDevice(devices(port, "agent2"));
                assertThat(agent2.path("userState").path("workMode").asText()).isEqualTo("AfterCallWork");

                JsonNode audit = rest.call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);
                assertOk(audit);
                assertThat(audit.path("chainValid").asBoolean()).as(audit.toString()).isTrue();
                List<JsonNode> first = entriesOf(audit, ids.get("supervisor1"));
                assertThat(first).extracting(entry -> entry.path("kind").asText()).as(audit.toString())
                        .containsExactly("REQUEST", "JOIN", "LEAVE");
                assertThat(first.get(2).path("callId").asText()).isEqualTo(callIds.get(0));
                assertThat(first.get(2).path("detail").asText()).isEqualTo(reason);
                assertThat(Instant.parse(first.get(2).path("at").asText())).isAfterOrEqualTo(stopped.minusSeconds(1));
                List<JsonNode> second = entriesOf(audit, ids.get("supervisor2"));
                assertThat(second).extracting(entry -> entry.path("kind").asText()).as(audit.toString())
                        .containsExactly("REQUEST", "JOIN", "LEAVE", "END");
                assertThat(second.get(2).path("callId").asText()).isEqualTo(callIds.get(1));
                assertThat(second.get(2).path("detail").asText()).isEqualTo(reason);
                assertThat(second.get(3).path("detail").asText()).isEqualTo("restart");

                // Complete: what is open in the audit is what the switch has open, and nothing else.
                JsonNode subscriptions = rest.call(port, "GET", "/ext/v1/monitoring/subscriptions", "admin", null);
                assertThat(subscriptions.path("subscriptions").size()).as(subscriptions.toString()).isEqualTo(1);
                assertThat(OpenMonitoring.of(auditEntries(audit))).as(audit.toString())
                        .containsExactly(new OpenMonitoring.Open(ids.get("supervisor1"), "5001", null));
                server.terminate();
            }

            try (JdbcStore closed = store.open()) {
                // The sessions went on: no history was closed, by either process.
                for (String user : List.of("agent1", "agent2", "agent3", "agent4")) {
                    assertThat(closed.history(ids.get(user), 20)).as(user + "'s history").noneSatisfy(entry ->
                            assertThat(entry.state()).isEqualTo("LOGGED_OUT"));
                }
            }
        } finally {
            for (Desktop desktop : desktops) {
                desktop.close();
            }
            scheduler.shutdownNow();
            org.eclipse.jetty.util.component.LifeCycle.stop(webSockets);
            cometdHttp.stop();
        }
    }

    private static final List<String> USERS = List.of("agent1", "agent2", "agent3", "agent4", "supervisor1", "supervisor2");

    /**
     * The floor at work: agent2 in after-call work for 600 s; agent3 NotReady for Lunch with do-not-disturb and
     * forwarding to 5004; supervisor1 listens in on agent1 for all calls, supervisor2 coaches agent4 for the next call;
     * a customer calls agent1 (the only one Ready), then another agent4, both answer and both supervisors join.
     * Answers the two calls' ids.
     */
    private List<String> floorAtWork(int port) throws Exception {
        String start = "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}";
        for (String user : USERS) {
            assertOk(rest.call(port, "POST", "/api/v2/me", user, start));
        }
        String voice = "/api/v2/me/channels/voice";
        assertOk(rest.call(port, "POST", voice, "agent2", "{\"operationName\":\"AfterCallWork\",\"wrapUpTime\":600}"));
        assertOk(rest.call(port, "POST", voice, "agent3", "{\"operationName\":\"NotReady\",\"reasonCode\":\"Lunch\"}"));
        String agent3Device = deviceId(port, "agent3");
        assertOk(rest.call(port, "POST", "/api/v2/me/devices/" + agent3Device, "agent3", "{\"operationName\":\"DoNotDisturbOn\"}"));
        assertOk(rest.call(port, "POST", "/api/v2/me/devices/" + agent3Device, "agent3",
                "{\"operationName\":\"ForwardCallsOn\",\"destination\":\"5004\"}"));
        assertOk(rest.call(port, "POST", "/api/v2/me/devices/" + deviceId(port, "supervisor1"), "supervisor1",
                "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5001\",\"supervisorMonitoringMode\":\"AllCalls\"}"));
        assertOk(rest.call(port, "POST", "/api/v2/me/devices/" + deviceId(port, "supervisor2"), "supervisor2",
                "{\"operationName\":\"Coach\",\"phoneNumber\":\"5004\",\"supervisorMonitoringMode\":\"NextCall\"}"));
        List<String> calls = new ArrayList<>();
        for (String agent : List.of("agent1", "agent4")) {
            assertOk(rest.call(port, "POST", "/api/v2/me/channels/voice", agent, "{\"operationName\":\"Ready\"}"));
            assertOk(rest.call(port, "POST", "/sim/v1/calls", "admin", "{\"from\":\"555100" + calls.size() + "\",\"to\":\"7000\"}"));
            AtomicReference<String> ringing = new AtomicReference<>();
            await().atMost(CALL).untilAsserted(() -> {
                JsonNode mine = rest.call(port, "GET", "/api/v2/me/calls?fields=id,state", agent, null);
                assertThat(mine.path("calls").size()).as(mine.toString()).isEqualTo(1);
                assertThat(mine.path("calls").get(0).path("state").asText()).isEqualTo("Ringing");
                ringing.set(mine.path("calls").get(0).path("id").asText());
            });
            assertOk(rest.call(port, "POST", "/api/v2/me/calls/" + ringing.get(), agent, "{\"operationName\":\"Answer\"}"));
            calls.add(ringing.get());
        }
        await().atMost(CALL).untilAsserted(() -> {
            JsonNode audit = rest.call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);
            for (String supervisor : List.of("supervisor1", "supervisor2")) {
                String id = rest.call(port, "GET", "/api/v2/me", supervisor, null).path("user").path("id").asText();
                assertThat(entriesOf(audit, id)).extracting(entry -> entry.path("kind").asText()).as(supervisor + " " + audit)
                        .containsExactly("REQUEST", "JOIN");
            }
        });
        return calls;
    }

    /**
     * A desktop's CometD client that, as GWS clients do, subscribes to {@code /v2/me/*} in its handshake listener, so
     * that it is subscribed again after every re-handshake; it keeps the device messages it receives.
     */
    private static final class Desktop implements AutoCloseable {
        final String user;
        final Notifications notifications;
        final BlockingQueue<JsonNode> devices = new LinkedBlockingQueue<>();

        Desktop(String user, Notifications notifications) {
            this.user = user;
            this.notifications = notifications;
            BayeuxClient client = notifications.client();
            ClientSessionChannel.MessageListener onMessage = (channel, message) -> {
                if (!message.isMeta() && "/v2/me/devices".equals(message.getChannel())) {
                    JsonNode data = JSON.valueToTree(message.getDataAsMap());
                    data.path("devices").forEach(devices::add);
                }
            };
            client.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (channel, message) -> {
                if (message.isSuccessful()) {
                    client.getChannel("/v2/me/*").subscribe(onMessage);
                }
            });
        }

        void connect() {
            notifications.connect();
        }

        JsonNode nextDeviceWithin(Duration wait) throws InterruptedException {
            JsonNode device = devices.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(device).as(user + " is told of its device within " + wait + " of the restart").isNotNull();
            return device;
        }

        @Override
        public void close() {
            notifications.client().disconnect(1000);
        }
    }

    private JsonNode devices(int port, String user) throws Exception {
        return rest.call(port, "GET", "/api/v2/me/devices?fields=*", user, null);
    }

    private String deviceId(int port, String user) throws Exception {
        return onlyDevice(devices(port, user)).path("id").asText();
    }

    /** A session cookie of the user's, confirmed by a second request that sends it back. */
    private String cookieOf(int port, String user) throws Exception {
        HttpResponse<String> login = rest.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/me"))
                .header("Authorization", basic(user)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("JSESSIONID="))
                .map(value -> value.substring("JSESSIONID=".length(), value.indexOf(';') < 0 ? value.length() : value.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie for " + user + ": " + login.headers()));
        HttpResponse<String> confirmed = rest.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/me"))
                .header("Cookie", "JSESSIONID=" + cookie).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        return cookie;
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
}
