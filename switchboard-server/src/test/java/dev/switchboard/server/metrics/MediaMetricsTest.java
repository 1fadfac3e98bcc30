package dev.switchboard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.e2e.GwsClient;

/**
 * The mixer's meters ({@link MediaMetrics}) in {@code GET /ext/v1/metrics} of a real server with phones: present, the
 * tick counts moving while the tickers run, the tick buckets cumulative, and nothing in use without a call.
 */
class MediaMetricsTest {
    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        server = SwitchboardServer.start(new SwitchboardServer.Options(
                demo.withSip(demo.sip().withPort(0).withRtpPorts("28000-28999")), dataDir, 0, null, 0).withPhones(true));
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
    void theMixersMetersAppearAndTheTicksMove() throws Exception {
        String first = scrape();
        assertThat(first).contains("# TYPE switchboard_media_tick_p99_seconds gauge", "switchboard_media_tick_p50_seconds",
                "switchboard_media_tick_max_seconds", "switchboard_media_tick_cpu_p99_seconds",
                "# TYPE switchboard_media_ticks_late_total counter", "switchboard_media_ticks_skipped_total",
                "switchboard_media_events_dropped_total");
        assertThat(value(first, "switchboard_media_legs")).isZero();
        assertThat(value(first, "switchboard_media_rooms")).isZero();
        assertThat(value(first, "switchboard_media_rtp_ports")).isZero();
        assertThat(value(first, "switchboard_media_rtp_packets", "direction=\"sent\"")).isZero();
        assertThat(value(first, "switchboard_media_rtp_packets", "direction=\"received\"")).isZero();
        double ticks = value(first, "switchboard_media_ticks_total");

        await("the tickers tick").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String later = scrape();
            assertThat(value(later, "switchboard_media_ticks_total")).isGreaterThan(ticks);
            double all = value(later, "switchboard_media_ticks_below_total", "limit=\"+Inf\"");
            // Every ticker's ticks are counted in the buckets, at least as many as the ticks every ticker ran.
            assertThat(all).isGreaterThanOrEqualTo(value(later, "switchboard_media_ticks_total")).isPositive();
            assertThat(value(later, "switchboard_media_ticks_below_total", "limit=\"0.005\""))
                    .isLessThanOrEqualTo(value(later, "switchboard_media_ticks_below_total", "limit=\"0.02\""))
                    .isLessThanOrEqualTo(all);
            assertThat(value(later, "switchboard_media_ticks_below_total", "limit=\"0.00025\""))
                    .isLessThanOrEqualTo(value(later, "switchboard_media_ticks_below_total", "limit=\"0.005\""));
        });
    }

    private static String scrape() throws Exception {
        ContentResponse response = http.newRequest(server.baseUrl() + "/ext/v1/metrics")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, GwsClient.basicHeader("admin", "password")))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    private static double value(String text, String name, String... labels) {
        List<String> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && List.of(labels).stream().allMatch(line::contains)) {
                samples.add(line);
            }
        }
        assertThat(samples).as("samples of %s with %s", name, List.of(labels)).hasSize(1);
        String sample = samples.get(0);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
