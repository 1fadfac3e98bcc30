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
        return result(true);
    }

    /**
     * A made-up run. Quiet: bare baseline p50 2 / p99 3 ms, + fdatasync 3 / 5 ms; under load: 6 / 10 ms and
     * + fdatasync 8 / 20 ms. Ready 4 / 6 ms quiet, 12 / 40 ms under load; DoNotDisturbOn 6 / 10 ms quiet; ListenIn
     * under load 8 / 20 ms; NotReady never measured. With synchronous agent states, the server's own echo + fdatasync
     * beside them: 2 / 4 ms quiet, 10 / 32 ms under load.
     */
    private static BenchResult result(boolean agentStatesSync) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("agents", 10);
        settings.put("agentStates", agentStatesSync ? "sync" : "async");
        Map<String, Percentiles> latencies = new LinkedHashMap<>();
        latencies.put(BenchRun.READY, Percentiles.of(3 * MS, 4 * MS, 6 * MS));
        latencies.put(BenchRun.DND_ON, Percentiles.of(6 * MS, 10 * MS));
        latencies.put(BenchRun.NOT_READY, Percentiles.EMPTY);
        latencies.put(BenchRun.READY_LOADED, Percentiles.of(12 * MS, 40 * MS));
        latencies.put(BenchRun.LISTEN_IN_LOADED, Percentiles.of(8 * MS, 20 * MS));
        latencies.put(BenchRun.ANSWER_AGENT, Percentiles.of(10 * MS, 12 * MS, 12 * MS, 15 * MS, 30 * MS));
        Percentiles baseline = Percentiles.of(2 * MS, 2 * MS, 3 * MS);
        Percentiles loaded = Percentiles.of(4 * MS, 6 * MS, 6 * MS, 6 * MS, 10 * MS);
        Map<String, Percentiles> baselines = new LinkedHashMap<>();
        baselines.put(BenchRun.BASELINE, baseline);
        baselines.put(BenchRun.BASELINE_FSYNC, Percentiles.of(3 * MS, 5 * MS));
        baselines.put(BenchRun.BASELINE_LOADED, loaded);
        baselines.put(BenchRun.BASELINE_FSYNC_LOADED, Percentiles.of(8 * MS, 20 * MS));
        if (agentStatesSync) {
            baselines.put(BenchRun.SERVER_ECHO_FSYNC, Percentiles.of(2 * MS, 4 * MS));
            baselines.put(BenchRun.SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN, Percentiles.of(3 * MS, 7 * MS));
            baselines.put(BenchRun.SERVER_ECHO_FSYNC_LOADED, Percentiles.of(10 * MS, 32 * MS));
        }
        Map<String, String> comparedWith = new LinkedHashMap<>(DurableOperations.comparedWith(agentStatesSync));
        comparedWith.put(BenchRun.ANSWER_AGENT, BenchRun.BASELINE_LOADED);
        Map<String, long[]> histograms = new LinkedHashMap<>();
        histograms.put(BenchRun.READY, new long[LogHistogram.UPPER_MILLIS.length + 1]);
        histograms.get(BenchRun.READY)[5] = 3;
        List<BenchResult.StepFigures> steps = List.of(new BenchResult.StepFigures(10, 10, 80, Percentiles.of(5 * MS), false),
                new BenchResult.StepFigures(15, 12, 90, Percentiles.of(90 * MS), true));
        List<BenchResult.Sample> samples = List.of(new BenchResult.Sample(1, 40, 0.2, 9, 70), new BenchResult.Sample(2, 50, 0.5, 12, 90));
        BenchResult.StreamFigures clean = new BenchResult.StreamFigures(2, 10, 10, 0, 0, 0, 0);
        BenchResult.Durability durability = new BenchResult.Durability(new BenchResult.DiskSync(600_000, 7 * MS, 9 * MS, 1000),
                List.of(new BenchResult.JournalPhase("stepped load", 900, 300), new BenchResult.JournalPhase("quiet operations", 40, 40)),
                MS, 4 * MS, new BenchResult.Burst(32, 10, 25_000, Percentiles.of(MS, 2 * MS, 9 * MS)));
        return new BenchResult(settings, latencies, baselines, comparedWith, DurableOperations.comparedWithServerEcho(agentStatesSync),
                histograms, steps,
                "saturated at 15.0 calls/s offered", samples, clean, clean, durability);
    }

    @Test
    void summaryShowsRatiosToTheBaseline() {
        String text = Report.text(result());
        // Answer at the agent: p50 12 ms over the loaded baseline's 6 ms.
        assertThat(text).contains(BenchRun.READY, "2.00\u00d7 / 3.00\u00d7", "saturated at 15.0", "0 lost", "(clean)");
    }

    @Test
    void latenciesMeasuredUnderLoadAreComparedWithTheBaselineUnderLoad() throws Exception {
        // Answer p50 12 ms over the loaded baseline's 6 ms, p99 30 ms over 10 ms; over the quiet baseline it would be 6.00×.
        assertThat(Report.text(result())).contains("2.00\u00d7 / 3.00\u00d7 (to the baseline under load)", BenchRun.BASELINE_LOADED);
        JsonNode answer = new ObjectMapper().readTree(Report.json(result())).path("latencies").path(BenchRun.ANSWER_AGENT);
        assertThat(answer.path("ratioP50").asDouble()).isEqualTo(2.0);
        assertThat(answer.path("ratiosTo").asText()).isEqualTo(BenchRun.BASELINE_LOADED);
        assertThat(Report.html(result())).contains("(ratios to the baseline under load)", BenchRun.BASELINE_LOADED);
    }

    @Test
    void durableOperationsAreComparedWithBareDeliveryPlusOneFdatasyncQuietAndUnderLoad() {
        String text = Report.text(result());
        // Ready quiet 4 / 6 ms over 3 / 5 ms; under load 12 / 40 ms over 8 / 20 ms.
        assertThat(text).containsPattern("Ready +4\\.00 / 6\\.00 ms \\(1\\.33\u00d7 / 1\\.20\u00d7\\) +12\\.00 / 40\\.00 ms "
                + "\\(1\\.50\u00d7 / 2\\.00\u00d7\\)");
        // DoNotDisturbOn 6 / 10 ms over 3 / 5 ms; never measured under load.
        assertThat(text).containsPattern("DoNotDisturbOn +6\\.00 / 10\\.00 ms \\(2\\.00\u00d7 / 2\\.00\u00d7\\) +not measured");
        assertThat(text).containsPattern("NotReady with a reason +not measured +not measured");
        // A series that never ran has no row of its own (no 0.00 ms, no 0.00× ratio).
        assertThat(text).doesNotContain(BenchRun.NOT_READY);
        assertThat(Report.html(result())).doesNotContain(BenchRun.NOT_READY);
        assertThat(text).contains("agentStates: sync", BenchRun.BASELINE_FSYNC, BenchRun.BASELINE_FSYNC_LOADED,
                "(to the baseline + fdatasync)", "(to the baseline + fdatasync under load)");
    }

    @Test
    void asynchronousAgentStatesAreComparedWithBareDelivery() {
        String text = Report.text(result(false));
        // Ready 4 / 6 ms over the bare 2 / 3 ms, under load 12 / 40 ms over 6 / 10 ms; DoNotDisturb still waits for the disk.
        assertThat(text).containsPattern("Ready +4\\.00 / 6\\.00 ms \\(2\\.00\u00d7 / 2\\.00\u00d7\\) vs bare delivery "
                + "+12\\.00 / 40\\.00 ms \\(2\\.00\u00d7 / 4\\.00\u00d7\\) vs bare delivery");
        assertThat(text).containsPattern("DoNotDisturbOn +6\\.00 / 10\\.00 ms \\(2\\.00\u00d7 / 2\\.00\u00d7\\) +not");
        assertThat(text).contains("agentStates: async");
    }

    @Test
    void diskJournalAndBurstFiguresArePrintedAndKeptInTheJson() throws Exception {
        String text = Report.text(result());
        assertThat(text).contains("disk: write + fdatasync of 128 bytes (1000, before the server started): p50 0.60 ms, p99 7.00 ms",
                "stepped load: 900 records in 300 fdatasyncs, 3.00 records per fdatasync",
                "quiet operations: 40 records in 40 fdatasyncs, 1.00 records per fdatasync",
                "agent-state burst: 32 agents at once for 10.0 s, 25,000 operations, 2500 operations/s, each p50 2.00 ms, p99 9.00 ms");
        JsonNode durability = new ObjectMapper().readTree(Report.json(result())).path("durability");
        assertThat(durability.path("journal").path(0).path("recordsPerFdatasync").asDouble()).isEqualTo(3.0);
        assertThat(durability.path("disk").path("p50Nanos").asLong()).isEqualTo(600_000);
        JsonNode ready = durability.path("operations").path(0);
        assertThat(ready.path("operation").asText()).isEqualTo("Ready");
        assertThat(ready.path("quiet").path("ratiosTo").asText()).isEqualTo(BenchRun.BASELINE_FSYNC);
        assertThat(ready.path("quiet").path("withinTarget").asBoolean()).isTrue();
        assertThat(ready.path("underLoad").path("ratioP99").asDouble()).isEqualTo(2.0);
        assertThat(ready.path("underLoad").path("withinTarget").asBoolean()).isFalse();
        assertThat(durability.path("burst").path("operationsPerSecond").asDouble()).isEqualTo(2500.0);
        assertThat(Report.html(result())).contains("Durable operations against bare delivery + one fdatasync",
                "3.00 records per fdatasync");
    }

    @Test
    void durableOperationsAreAlsoComparedWithTheServersOwnEchoTimedBesideThem() throws Exception {
        String text = Report.text(result());
        // Ready quiet 4 / 6 ms over the echo's 2 / 4 ms; under load 12 / 40 ms over 10 / 32 ms.
        assertThat(text).contains("against this server's own echo + one fdatasync");
        // The p99s' intervals, of 3 and 2 samples: 4–6 ms over 2–4 ms quiet, 12–40 ms over 10–32 ms under load.
        assertThat(text).containsPattern("Ready +2\\.00\u00d7 / 1\\.50\u00d7 \\(1\\.00\u2013" + "3\\.00\u00d7\\) "
                + "+1\\.20\u00d7 / 1\\.25\u00d7 \\(0\\.38\u2013" + "4\\.00\u00d7\\)");
        assertThat(text).containsPattern("the echo itself +2\\.00 / 4\\.00 ms +10\\.00 / 32\\.00 ms");
        // Quiet ListenIn runs in a series of its own: its ratio is to the echo timed after each ListenIn, not the agent states'.
        assertThat(text).containsPattern("the echo beside ListenIn +3\\.00 / 7\\.00 ms");
        assertThat(DurableOperations.comparedWithServerEcho(true)).containsEntry(BenchRun.LISTEN_IN,
                BenchRun.SERVER_ECHO_FSYNC_BESIDE_LISTEN_IN).containsEntry(BenchRun.READY, BenchRun.SERVER_ECHO_FSYNC);
        JsonNode ready = new ObjectMapper().readTree(Report.json(result())).path("durability").path("operations").path(0);
        assertThat(ready.path("underLoad").path("againstServerEcho").path("ratiosTo").asText())
                .isEqualTo(BenchRun.SERVER_ECHO_FSYNC_LOADED);
        assertThat(ready.path("underLoad").path("againstServerEcho").path("withinTarget").asBoolean()).isTrue();
        assertThat(ready.path("quiet").path("againstServerEcho").path("withinTarget").asBoolean()).isFalse();
        assertThat(ready.path("quiet").path("againstServerEcho").path("p99AgainstTarget").asText()).isEqualTo("undecided");
        assertThat(ready.path("quiet").path("againstServerEcho").path("ratioP99Interval").path(1).asDouble()).isEqualTo(3.0);
        assertThat(Report.html(result())).contains("Against this server's own echo + one fdatasync", "1.20\u00d7 / 1.25\u00d7");
        // No echo measured (an older run's figures): no such table.
        assertThat(Report.text(result(false))).doesNotContain("against this server's own echo");
    }

    @Test
    void aP99RatioIsDecidedOnlyWhenItsWholeIntervalIsOnOneSideOfTheTarget() {
        Percentiles echo = new Percentiles(1000, 1, 2, 3, 10, 20, 3, 9, 11);
        Percentiles close = new Percentiles(1000, 1, 2, 3, 15, 30, 3, 14, 16);
        assertThat(DurableReport.p99Verdict(new Percentiles(1000, 1, 2, 3, 12, 20, 3, 11, 13), echo)).isEqualTo("within");
        assertThat(DurableReport.p99Verdict(close, echo)).isEqualTo("undecided");
        assertThat(DurableReport.p99Verdict(new Percentiles(1000, 1, 2, 3, 20, 30, 3, 17, 25), echo)).isEqualTo("beyond");
        assertThat(DurableReport.p99Interval(close, echo)).isEqualTo("(1.27\u2013" + "1.78\u00d7)");
        assertThat(DurableReport.p99Interval(close, Percentiles.EMPTY)).isEqualTo("(n/a)");
    }

    @Test
    void recordsPerSyncIsUndefinedWithoutASync() {
        assertThat(new BenchResult.JournalPhase("idle", 0, 0).recordsPerSync()).isNaN();
        assertThat(new BenchResult.JournalPhase("load", 10, 4).recordsPerSync()).isEqualTo(2.5);
    }

    @Test
    void jsonHoldsFiguresAndRatios() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Report.json(result()));
        // Ready p50 4 ms over the baseline + fdatasync's 3 ms.
        assertThat(json.path("latencies").path(BenchRun.READY).path("ratioP50").asDouble()).isEqualTo(4.0 / 3.0);
        assertThat(json.path("baselines").path(BenchRun.BASELINE_FSYNC).path("count").asLong()).isEqualTo(2);
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

    @Test
    void axesUseRoundBoundsAndPlainNumbers() {
        assertThat(Report.niceCeiling(36.9)).isEqualTo(50);
        assertThat(Report.niceCeiling(4580)).isEqualTo(5000);
        assertThat(Report.niceCeiling(0.21)).isEqualTo(0.25);
        assertThat(Report.niceCeiling(100)).isEqualTo(100);
        assertThat(Report.niceCeiling(0)).isEqualTo(1);
        assertThat(Report.number(1139.1)).isEqualTo("1139");
        assertThat(Report.number(12.5)).isEqualTo("12.5");
        assertThat(Report.number(1.25)).isEqualTo("1.25");
        assertThat(Report.number(0.0625)).isEqualTo("0.063");
        assertThat(Report.number(0)).isEqualTo("0");
        assertThat(Report.plot("s", "ms", new double[] {1, 76}, new String[] {"p50"}, new double[][] {{3, 36.9}}))
                .contains(">50<", ">12.5<").doesNotContain("e+");
    }

    @Test
    void legendItemsDoNotOverlapAndWrapWithinTheWidth() {
        StringBuilder svg = new StringBuilder();
        String[] names = {BenchRun.LISTEN_IN, BenchRun.READY, BenchRun.ANSWER_AGENT, BenchRun.ANSWER_SUPERVISOR, BenchRun.BASELINE};
        int end = Report.legend(svg, names, 50, 890, 11);

        java.util.regex.Matcher texts = java.util.regex.Pattern.compile("<text x=\"([0-9.]+)\" y=\"([0-9]+)\"[^>]*>([^<]*)<")
                .matcher(svg);
        double lastRight = -1;
        int lastY = -1;
        int rows = 0;
        while (texts.find()) {
            double x = Double.parseDouble(texts.group(1));
            int y = Integer.parseInt(texts.group(2));
            double right = x + texts.group(3).length() * 11 * 0.62;
            assertThat(right).as("%s fits", texts.group(3)).isLessThanOrEqualTo(890);
            if (y == lastY) {
                assertThat(x).as("%s starts after the previous item", texts.group(3)).isGreaterThan(lastRight);
            } else {
                rows++;
            }
            lastRight = right;
            lastY = y;
        }
        assertThat(rows).isGreaterThan(1);
        assertThat(end).isGreaterThan(lastY);
    }
}
