package dev.switchboard.server.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.InMemoryMonitoringAudit;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.supervision.MonitoringRequest;
import dev.switchboard.core.testing.SwitchHarness;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.MonitoringMode;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;
import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.http.Router;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/** The {@code /ext/v1} API over HTTP, through the real {@link ApiServlet}; a test filter stands in for authentication. */
class ExtApiTest {
    private static final String USER_HEADER = "X-Test-User";
    private static final Instant AT = Instant.parse("2025-01-06T09:00:01.250Z");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SwitchHarness harness;
    private Server jetty;
    private String base;

    /** A reply: HTTP status and JSON body. */
    private record Reply(int status, JsonNode body) {
        int statusCode() {
            return body.get("statusCode").intValue();
        }
    }

    @BeforeEach
    void createHarness() {
        harness = new SwitchHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        harness.close();
    }

    private void serve(MonitoringAudit audit, BooleanSupplier storeUp, Duration probeInterval) throws Exception {
        Router router = new Router();
        new ExtApi(harness.contactCenter(), audit, storeUp, probeInterval).register(router);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Filter authentication = (request, response, chain) -> {
            String userName = ((HttpServletRequest) request).getHeader(USER_HEADER);
            if (userName != null) {
                request.setAttribute(AuthFilter.USER_ATTRIBUTE, harness.user(userName));
            }
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(authentication), "/ext/v1/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ApiServlet(router)), "/ext/v1/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/ext/v1/";
    }

    private void serve(MonitoringAudit audit) throws Exception {
        serve(audit, () -> true, Duration.ofSeconds(1));
    }

    private Reply get(String user, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (user != null) {
            request.header(USER_HEADER, user);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }

    private static InMemoryMonitoringAudit auditWithThreeEntries() {
        InMemoryMonitoringAudit audit = new InMemoryMonitoringAudit();
        String supervisor = TestDirectory.userId("supervisor1");
        audit.append(new AuditRecord(AT, "REQUEST", supervisor, "5001", null, "ListenIn scope=Call mode=AllCalls"));
        audit.append(new AuditRecord(AT.plusSeconds(5), "JOIN", supervisor, "5001", "call-1", null));
        audit.append(new AuditRecord(AT.plusSeconds(9), "DENIAL", "ffffffffffffffffffffffffffffffff", "5007", null, "not supervised"));
        return audit;
    }

    @Test
    void theAuditIsForAdministratorsOnly() throws Exception {
        serve(auditWithThreeEntries());

        for (String user : new String[] {"supervisor1", "agent1", null}) {
            Reply reply = get(user, "monitoring/audit");
            assertThat(reply.status()).as("user %s", user).isEqualTo(403);
            assertThat(reply.statusCode()).isEqualTo(5);
            assertThat(reply.body().get("statusMessage").asText()).contains("administrators");
            assertThat(reply.body().has("entries")).isFalse();
        }
    }

    @Test
    void theAuditListsEveryEntryOldestFirstWithTheChainVerdict() throws Exception {
        InMemoryMonitoringAudit audit = auditWithThreeEntries();
        List<AuditEntry> entries = audit.entries();
        serve(audit);

        Reply reply = get("admin", "monitoring/audit");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fieldNames(reply.body())).containsExactly("statusCode", "entries", "chainValid");
        assertThat(reply.statusCode()).isZero();
        assertThat(reply.body().get("chainValid").asBoolean()).isTrue();
        JsonNode json = reply.body().get("entries");
        assertThat(json).hasSize(3);
        JsonNode first = json.get(0);
        assertThat(fieldNames(first)).containsExactly("sequence", "at", "kind", "supervisorId", "supervisorUserName", "target",
                "detail", "previousHash", "hash");
        assertThat(first.get("sequence").asLong()).isEqualTo(1);
        assertThat(first.get("at").asText()).isEqualTo("2025-01-06T09:00:01.250Z");
        assertThat(first.get("kind").asText()).isEqualTo("REQUEST");
        assertThat(first.get("supervisorId").asText()).isEqualTo(TestDirectory.userId("supervisor1"));
        assertThat(first.get("supervisorUserName").asText()).isEqualTo("supervisor1");
        assertThat(first.get("target").asText()).isEqualTo("5001");
        assertThat(first.get("detail").asText()).isEqualTo("ListenIn scope=Call mode=AllCalls");
        assertThat(first.get("previousHash").asText()).isEqualTo(AuditEntry.GENESIS);
        assertThat(first.get("hash").asText()).isEqualTo(entries.get(0).hash());
        JsonNode second = json.get(1);
        assertThat(second.get("callId").asText()).isEqualTo("call-1");
        assertThat(second.has("detail")).as("a null field is left out").isFalse();
        assertThat(second.get("previousHash").asText()).isEqualTo(first.get("hash").asText());
        JsonNode third = json.get(2);
        assertThat(third.has("supervisorUserName")).as("an unknown user has no name").isFalse();
        assertThat(third.get("kind").asText()).isEqualTo("DENIAL");
    }

    @Test
    void aClientCanRecomputeEveryHashFromTheJson() throws Exception {
        serve(auditWithThreeEntries());

        String previous = AuditEntry.GENESIS;
        for (JsonNode entry : get("admin", "monitoring/audit").body().get("entries")) {
            AuditRecord record = new AuditRecord(Instant.parse(entry.get("at").asText()), entry.get("kind").asText(),
                    entry.get("supervisorId").asText(), text(entry, "target"), text(entry, "callId"), text(entry, "detail"));
            assertThat(entry.get("hash").asText()).isEqualTo(AuditEntry.hashOf(previous, record));
            previous = entry.get("hash").asText();
        }
    }

    private static String text(JsonNode entry, String field) {
        return entry.has(field) ? entry.get(field).asText() : null;
    }

    @Test
    void sinceAndLimitPageThroughTheAuditWhileTheWholeChainIsVerified() throws Exception {
        serve(auditWithThreeEntries());

        assertThat(sequences(get("admin", "monitoring/audit?since=1"))).containsExactly(2L, 3L);
        assertThat(sequences(get("admin", "monitoring/audit?limit=2"))).containsExactly(1L, 2L);
        assertThat(sequences(get("admin", "monitoring/audit?since=1&limit=1"))).containsExactly(2L);
        Reply past = get("admin", "monitoring/audit?since=3");
        assertThat(sequences(past)).isEmpty();
        assertThat(past.body().get("chainValid").asBoolean()).isTrue();
    }

    @Test
    void badPagingParametersAreStatusCodeTwo() throws Exception {
        serve(auditWithThreeEntries());

        for (String query : new String[] {"since=x", "since=-1", "limit=0", "limit=1.5", "limit=", "since=99999999999999999999"}) {
            Reply reply = get("admin", "monitoring/audit?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.statusCode()).as(query).isEqualTo(2);
        }
    }

    @Test
    void aBrokenChainIsReportedNotHidden() throws Exception {
        List<AuditEntry> intact = auditWithThreeEntries().entries();
        AuditEntry second = intact.get(1);
        AuditRecord forged = new AuditRecord(second.record().at(), second.record().kind(), second.record().supervisorUserId(),
                "5002", second.record().callId(), second.record().detail());
        List<AuditEntry> tampered = new ArrayList<>(intact);
        tampered.set(1, new AuditEntry(2, forged, second.previousHash(), second.hash()));
        serve(new MonitoringAudit() {
            @Override
            public AuditEntry append(AuditRecord record) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<AuditEntry> entries() {
                return tampered;
            }
        });

        Reply reply = get("admin", "monitoring/audit");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("chainValid").asBoolean()).isFalse();
        assertThat(reply.body().get("entries").get(1).get("target").asText()).isEqualTo("5002");
    }

    @Test
    void subscriptionsListWhoMonitorsWhomSinceWhen() throws Exception {
        serve(new InMemoryMonitoringAudit());
        assertThat(get("admin", "monitoring/subscriptions").body().get("subscriptions")).isEmpty();

        harness.logIn("supervisor1", "Place5005");
        Outcome outcome = harness.await(harness.voiceSwitch().monitor(harness.user("supervisor1"), harness.deviceId("5005"),
                new MonitoringRequest(MonitoringType.COACH, MonitoringScope.AGENT, MonitoringMode.NEXT_CALL, "5001")));
        assertThat(outcome.isAccepted()).as(outcome.toString()).isTrue();

        Reply reply = get("admin", "monitoring/subscriptions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fieldNames(reply.body())).containsExactly("statusCode", "subscriptions");
        JsonNode subscriptions = reply.body().get("subscriptions");
        assertThat(subscriptions).hasSize(1);
        JsonNode subscription = subscriptions.get(0);
        assertThat(fieldNames(subscription)).containsExactly("supervisorId", "supervisorUserName", "supervisorDeviceId", "state", "mode",
                "scope", "targetDeviceId", "phoneNumber", "switchName", "createdAt");
        assertThat(subscription.get("supervisorId").asText()).isEqualTo(TestDirectory.userId("supervisor1"));
        assertThat(subscription.get("supervisorUserName").asText()).isEqualTo("supervisor1");
        assertThat(subscription.get("supervisorDeviceId").asText()).isEqualTo(harness.deviceId("5005"));
        assertThat(subscription.get("state").asText()).isEqualTo("Coach");
        assertThat(subscription.get("mode").asText()).isEqualTo("NextCall");
        assertThat(subscription.get("scope").asText()).isEqualTo("Agent");
        assertThat(subscription.get("targetDeviceId").asText()).isEqualTo(harness.deviceId("5001"));
        assertThat(subscription.get("phoneNumber").asText()).isEqualTo("5001");
        assertThat(subscription.get("switchName").asText()).isEqualTo(TestDirectory.ENVIRONMENT);
        assertThat(Instant.parse(subscription.get("createdAt").asText())).isEqualTo(SwitchHarness.START);
    }

    @Test
    void aRoutingPointSubscriptionHasNoTargetDevice() throws Exception {
        serve(new InMemoryMonitoringAudit());
        harness.logIn("supervisor1", "Place5005");
        Outcome outcome = harness.await(harness.voiceSwitch().monitor(harness.user("supervisor1"), harness.deviceId("5005"),
                new MonitoringRequest(MonitoringType.LISTEN_IN, MonitoringScope.CALL, MonitoringMode.ALL_CALLS,
                        TestDirectory.ROUTING_POINT)));
        assertThat(outcome.isAccepted()).as(outcome.toString()).isTrue();

        JsonNode subscription = get("admin", "monitoring/subscriptions").body().get("subscriptions").get(0);

        assertThat(subscription.has("targetDeviceId")).isFalse();
        assertThat(subscription.get("phoneNumber").asText()).isEqualTo(TestDirectory.ROUTING_POINT);
        assertThat(subscription.get("state").asText()).isEqualTo("ListenIn");
    }

    @Test
    void subscriptionsAreForAdministratorsOnly() throws Exception {
        serve(new InMemoryMonitoringAudit());

        for (String user : new String[] {"supervisor1", "agent1", null}) {
            Reply reply = get(user, "monitoring/subscriptions");
            assertThat(reply.status()).as("user %s", user).isEqualTo(403);
            assertThat(reply.statusCode()).isEqualTo(5);
        }
    }

    @Test
    void healthIsUpForAnyoneWhileTheStoreAnswers() throws Exception {
        serve(new InMemoryMonitoringAudit());

        for (String user : new String[] {null, "agent1", "admin"}) {
            Reply reply = get(user, "health");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(Json.write(reply.body())).isEqualTo("{\"statusCode\":0,\"status\":\"UP\"}");
        }
    }

    @Test
    void healthIsStatusCodeFourWith503WhileTheStoreDoesNotAnswer() throws Exception {
        AtomicBoolean up = new AtomicBoolean(true);
        serve(new InMemoryMonitoringAudit(), up::get, Duration.ZERO);
        assertThat(get(null, "health").status()).isEqualTo(200);

        up.set(false);
        Reply down = get(null, "health");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.statusCode()).isEqualTo(4);
        assertThat(down.body().get("statusMessage").asText()).contains("store");

        up.set(true);
        assertThat(get(null, "health").status()).isEqualTo(200);
    }

    @Test
    void aProbeThatThrowsCountsAsDown() throws Exception {
        serve(new InMemoryMonitoringAudit(), () -> {
            throw new IllegalStateException("pool closed");
        }, Duration.ZERO);

        assertThat(get(null, "health").status()).isEqualTo(503);
    }

    @Test
    void healthAsksTheStoreAtMostOncePerInterval() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        serve(new InMemoryMonitoringAudit(), () -> probes.incrementAndGet() > 0, Duration.ofHours(1));

        for (int i = 0; i < 5; i++) {
            assertThat(get(null, "health").status()).isEqualTo(200);
        }

        assertThat(probes.get()).isEqualTo(1);
    }

    private static List<Long> sequences(Reply reply) {
        assertThat(reply.statusCode()).as(reply.body().toString()).isZero();
        List<Long> sequences = new ArrayList<>();
        reply.body().get("entries").forEach(entry -> sequences.add(entry.get("sequence").asLong()));
        return sequences;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
