package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.Outcome;

/**
 * {@code GET /ext/v1/metrics} on a real server: Prometheus text for an administrator, with the JVM's, the switch's, the
 * hand-offs' and the HTTP metrics, whose counts move after a call; a GWS error for anyone else.
 */
class MetricsEndToEndTest extends EndToEndTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String DEMO = "environment=\"Demo\"";

    @Test
    void anAdministratorGetsPrometheusText() throws Exception {
        client("admin", GwsClient.Auth.BASIC).get("/api/v2/diagnostics/version").assertOk();

        ContentResponse response = scrape();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("text/plain").contains("version=0.0.4");
        String text = response.getContentAsString();
        assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "switchboard_cometd_sessions");
        assertThat(value(text, "switchboard_handoff_depth", "handoff=\"notifications\"")).isGreaterThanOrEqualTo(0);
        assertThat(value(text, "switchboard_handoff_overflowed_total", "handoff=\"records-Demo\"")).isZero();
        assertThat(value(text, "switchboard_queue_calls_waiting", DEMO, "queue=\"8000\"")).isZero();
        assertThat(value(text, "switchboard_monitoring_subscriptions", DEMO)).isZero();
        assertThat(value(text, "switchboard_agents_logged_in", DEMO, "state=\"READY\"")).isZero();
        // Recorded once the reply is sent: a later scrape sees it.
        await().atMost(SETTLE).untilAsserted(() -> assertThat(value(scrape().getContentAsString(),
                "switchboard_http_server_requests_seconds_count", "method=\"GET\"", "route=\"/api/v2/diagnostics/version\"",
                "status=\"200\"")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void countsMoveAfterACall() throws Exception {
        String before = scrape().getContentAsString();
        double ended = value(before, "switchboard_calls_ended_total", DEMO);
        double delivered = value(before, "switchboard_handoff_delivered_total", "handoff=\"notifications\"");
        double statusChanges = value(before, "switchboard_call_notifications_total", DEMO, "type=\"StatusChange\"");

        GwsClient agent = loggedIn("agent3");
        agent.operation("/api/v2/me", "StartContactCenterSession", "channels", new String[] {"voice"}).assertOk();
        agent.operation("/api/v2/me/channels/voice", "Ready").assertOk();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(value(scrape().getContentAsString(), "switchboard_agents_logged_in",
                DEMO, "state=\"READY\"")).isEqualTo(1));

        Outcome placed = server.contactCenter().switchNamed("Demo").orElseThrow().customerCall("5551234", "7000", Map.of())
                .get(10, TimeUnit.SECONDS);
        String callId = ((Outcome.Accepted) placed).id();
        await().atMost(SETTLE).untilAsserted(() -> assertThat(value(scrape().getContentAsString(), "switchboard_calls_active",
                DEMO)).isEqualTo(1));
        // Rings at agent3, the only Ready agent: answered, then hung up (a Hangup while ringing would reject it to the queue).
        agent.operation("/api/v2/me/calls/" + callId, "Answer").assertOk();
        agent.operation("/api/v2/me/calls/" + callId, "Hangup").assertOk();

        await().atMost(SETTLE).untilAsserted(() -> {
            String after = scrape().getContentAsString();
            assertThat(value(after, "switchboard_calls_ended_total", DEMO)).isEqualTo(ended + 1);
            assertThat(value(after, "switchboard_calls_active", DEMO)).isZero();
            assertThat(value(after, "switchboard_handoff_delivered_total", "handoff=\"notifications\"")).isGreaterThan(delivered);
            assertThat(value(after, "switchboard_call_notifications_total", DEMO, "type=\"StatusChange\""))
                    .isGreaterThanOrEqualTo(statusChanges + 2);
            // Sales has 5 s of after-call work.
            assertThat(value(after, "switchboard_agents_logged_in", DEMO, "state=\"AFTER_CALL_WORK\"")).isEqualTo(1);
            assertThat(value(after, "switchboard_http_server_requests_seconds_count", "method=\"POST\"",
                    "route=\"/api/v2/me/calls/{id}\"", "status=\"200\"")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void anAgentIsNotPermitted() {
        client("agent1", GwsClient.Auth.BASIC).get("/ext/v1/metrics").assertError(403, 5);
    }

    @Test
    void withoutCredentialsTheReplyIsAGwsAccessDenied() {
        GwsClient anonymous = client("nobody", GwsClient.Auth.BASIC);
        Reply reply = anonymous.send(http.newRequest(server.baseUrl() + "/ext/v1/metrics").method(HttpMethod.GET))
                .assertError(401, 20);
        assertThat(reply.headers().get(HttpHeader.CONTENT_TYPE)).startsWith("application/json");
        // The refusal was timed before routing: under the namespace, not a route.
        await().atMost(SETTLE).untilAsserted(() -> assertThat(value(scrape().getContentAsString(),
                "switchboard_http_server_requests_seconds_count", "method=\"GET\"", "route=\"/ext/v1/*\"", "status=\"401\""))
                .isGreaterThanOrEqualTo(1));
    }

    private static ContentResponse scrape() throws Exception {
        return http.newRequest(server.baseUrl() + "/ext/v1/metrics")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, GwsClient.basicHeader("admin", "password")))
                .timeout(10, TimeUnit.SECONDS)
                .send();
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double value(String text, String name, String... labels) {
        List<String> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && List.of(labels).stream().allMatch(line::contains)) {
                samples.add(line);
            }
        }
        assertThat(samples).as("samples of %s with %s", name, List.of(labels)).hasSize(1);
        String sample = samples.get(0);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
