package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.switchboard.bench.stats.Percentiles;

/** The summary, the JSON file and the self-contained HTML page of a made-up result. */
class ReportTest {
    private static final long MS = 1_000_000L;

    private static BenchResult result() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("agents", 10);
        Map<String, Percentiles> latencies = new LinkedHashMap<>();
        latencies.put(BenchRun.READY, Percentiles.of(3 * MS, 4 * MS, 6 * MS));
        Percentiles baseline = Percentiles.of(2 * MS, 2 * MS, 3 * MS);
        Map<String, long[]> histograms = new LinkedHashMap<>();
        histograms.put(BenchRun.READY, new long[LogHistogram.UPPER_MILLIS.length + 1]);
        histograms.get(BenchRun.READY)[5] = 3;
        List<BenchResult.StepFigures> steps = List.of(new BenchResult.StepFigures(10, 10, 80, Percentiles.of(5 * MS), false),
                new BenchResult.StepFigures(15, 12, 90, Percentiles.of(90 * MS), true));
        List<BenchResult.Sample> samples = List.of(new BenchResult.Sample(1, 40, 0.2, 9, 70), new BenchResult.Sample(2, 50, 0.5, 12, 90));
        BenchResult.StreamFigures clean = new BenchResult.StreamFigures(2, 10, 10, 0, 0, 0, 0);
        return new BenchResult(settings, latencies, baseline, histograms, steps, "saturated at 15.0 calls/s offered", samples, clean,
                clean);
    }

    @Test
    void summaryShowsRatiosToTheBaseline() {
        String text = Report.text(result());
        // Ready p50 4 ms over the baseline's 2 ms; p99 6 ms over 3 ms.
        assertThat(text).contains(BenchRun.READY, "2.00\u00d7 / 2.00\u00d7", "saturated at 15.0", "0 lost", "(clean)");
    }

    @Test
    void jsonHoldsFiguresAndRatios() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Report.json(result()));
        assertThat(json.path("latencies").path(BenchRun.READY).path("ratioP50").asDouble()).isEqualTo(2.0);
        assertThat(json.path("latencies").path(BenchRun.READY).path("nanos").path("count").asLong()).isEqualTo(3);
        assertThat(json.path("streams").path("lost").asLong()).isZero();
        assertThat(json.path("streamsClean").asBoolean()).isTrue();
        assertThat(json.path("steps")).hasSize(2);
        assertThat(json.path("samples")).hasSize(2);
    }

    @Test
    void htmlIsSelfContainedWithInlineSvg() {
        String html = Report.html(result());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "<polyline", "<rect", "2.00\u00d7")
                .doesNotContain("http://", "https://", "<script");
        assertThat(html.split("<svg", -1)).hasSize(1 + 5);
    }

    @Test
    void plotsEscapeLabelsAndSurviveEmptySeries() {
        assertThat(Report.plot("<x>", "y&", new double[0], new String[] {"a"}, new double[][] {{}})).contains("&lt;x&gt;", "y&amp;");
        assertThat(Report.escape("\"<&>\"")).isEqualTo("&quot;&lt;&amp;&gt;&quot;");
    }

    @Test
    void parsesDurations() {
        assertThat(BenchCommand.parse("90s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(BenchCommand.parse("2m", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchCommand.parse("15", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
        assertThat(BenchCommand.parse("500ms", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(BenchCommand.parse(null, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
