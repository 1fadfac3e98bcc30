package dev.switchboard.bench.full;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

import dev.switchboard.bench.check.StreamKey;

/** What the run reads from the server under test, through its administrators' extension endpoints. */
final class ServerReadings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = DeskState.WAIT_SECONDS;

    private ServerReadings() {
    }

    /** What the server says it sent, per stream ({@code GET /ext/v1/notifications/sent}). */
    static List<Map.Entry<StreamKey, Long>> sentCounts(HttpClient http, String baseUrl, String admin) throws Exception {
        ContentResponse response = http.newRequest(baseUrl + "/ext/v1/notifications/sent")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, admin)).timeout(WAIT_SECONDS, TimeUnit.SECONDS).send();
        if (response.getStatus() != 200) {
            throw new IllegalStateException("GET /ext/v1/notifications/sent: HTTP " + response.getStatus());
        }
        List<Map.Entry<StreamKey, Long>> streams = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(response.getContentAsString()).path("streams")) {
            streams.add(Map.entry(new StreamKey(stream.path("user").asText(), stream.path("channel").asText()),
                    stream.path("sent").asLong()));
        }
        return streams;
    }

    /**
     * The journal's counters and sync latency, from {@code GET /ext/v1/metrics} ({@code switchboard_journal_*}).
     *
     * @param records      records written since the server started
     * @param batches      batches written, each followed by one fdatasync
     * @param syncP50Nanos a batch's write + fdatasync since the server started, median
     * @param syncP99Nanos the same, 99th percentile
     */
    record Journal(long records, long batches, long syncP50Nanos, long syncP99Nanos) {
        /** What was written from {@code before} to this reading, named {@code phase}. */
        BenchResult.JournalPhase since(Journal before, String phase) {
            return new BenchResult.JournalPhase(phase, records - before.records, batches - before.batches);
        }
    }

    /** The journal's figures now. */
    static Journal journal(HttpClient http, String baseUrl, String admin) throws Exception {
        ContentResponse response = http.newRequest(baseUrl + "/ext/v1/metrics")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, admin)).timeout(WAIT_SECONDS, TimeUnit.SECONDS).send();
        if (response.getStatus() != 200) {
            throw new IllegalStateException("GET /ext/v1/metrics: HTTP " + response.getStatus());
        }
        String scrape = response.getContentAsString();
        return new Journal((long) Prometheus.sum(scrape, "switchboard_journal_records_total"),
                (long) Prometheus.sum(scrape, "switchboard_journal_batches_total"),
                (long) (Prometheus.sum(scrape, "switchboard_journal_sync_p50_seconds") * 1e9),
                (long) (Prometheus.sum(scrape, "switchboard_journal_sync_p99_seconds") * 1e9));
    }
}
