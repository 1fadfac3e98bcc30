package dev.switchboard.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** The report's rows from the script's figures, as text and HTML, and what makes a run not clean. */
class FloorReportTest {
    private static final String FIGURES = """
            {"settings": {"agents": 10000, "churningAgents": 200, "windowSeconds": 20},
             "machine": {"date": "2026-12-03T07:00:00Z", "cores": 2, "java": "OpenJDK 17", "loadAverageAtStart": "1.00 2.00 3.00",
                         "loadAverageAtEnd": "4.00 5.00 6.00"},
             "browser": "Chromium 156", "probes": 5, "rowsOnScreenMs": 1234, "rowsInPage": 29, "firstCountsMs": 2345,
             "lastCountsMs": 3456, "loaded": {"jsHeapUsedMb": 21.5, "domNodes": 922},
             "window": {"seconds": 20.1, "stateChangesPerSecond": 80.5, "callsPerSecond": 40.2, "churnErrors": 0,
                        "longTasks": {"count": 7, "totalMs": 612, "maxMs": 151},
                        "frameMs": {"count": 1100, "p50": 16.7, "p99": 83.3, "max": 160.1}, "framesOver50Ms": 12,
                        "restToRowMs": {"count": 90, "p50": 40.2, "p99": 310.5, "max": 402}, "probeFailures": 0},
             "afterWindow": {"jsHeapUsedMb": 22.1, "domNodes": 1160}, "pageErrors": []}
            """;

    @Test
    void theTextHasARowPerFigure() throws Exception {
        String text = FloorReport.text(new ObjectMapper().readTree(FIGURES));
        assertThat(text).contains("supervisor1's floor of 10,000 agents in headless Chromium, 200 of them churning",
                "2 cores, load average 1.00 2.00 3.00 at the start, 4.00 5.00 6.00 at the end; Chromium 156",
                "1,234 ms (29 rows of 10,000 in the page)", "agent10000's counts (grid scrolled to its end)", "3,456 ms",
                "JS heap 21.5 MB, 922 DOM nodes", "200 agents for 20.1 s: 80.5 state changes/s, 40.2 calls/s",
                "7, 612 ms in all, the longest 151 ms", "16.7 / 83.3 / 160.1 ms (1,100 frames, 12 over 50 ms)",
                "40.2 / 310.5 / 402 ms (90 do-not-disturb changes of agent1..agent5", "page errors");
        assertThat(FloorReport.html(new ObjectMapper().readTree(FIGURES))).contains("<td>REST change \u2192 row shows it",
                "rows of 10,000");
    }

    @Test
    void aPageErrorAFailedProbeOrAFailedRequestIsNotClean() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(FloorReport.clean(json.readTree(FIGURES))).isTrue();
        ObjectNode pageError = (ObjectNode) json.readTree(FIGURES);
        pageError.putArray("pageErrors").add("boom");
        assertThat(FloorReport.clean(pageError)).isFalse();
        ObjectNode failedProbe = (ObjectNode) json.readTree(FIGURES);
        ((ObjectNode) failedProbe.path("window")).put("probeFailures", 1);
        assertThat(FloorReport.clean(failedProbe)).isFalse();
        ObjectNode failedRequest = (ObjectNode) json.readTree(FIGURES);
        ((ObjectNode) failedRequest.path("window")).put("churnErrors", 2);
        assertThat(FloorReport.clean(failedRequest)).isFalse();
    }
}
