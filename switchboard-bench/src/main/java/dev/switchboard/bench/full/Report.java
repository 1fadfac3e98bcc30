package dev.switchboard.bench.full;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.switchboard.bench.report.Ratio;
import dev.switchboard.bench.stats.Percentiles;

/** Renders a {@link BenchResult}: the one-page summary, the JSON file and the self-contained HTML report (inline SVG). */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

    private Report() {
    }

    /** The summary printed on stdout. */
    public static String text(BenchResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Switchboard benchmark: ").append(result.settings()).append('\n');
        out.append(String.format(Locale.ROOT, "%-40s %10s %10s %10s %10s %8s  %s%n", "latency", "p50", "p90", "p99", "max", "n",
                "ratio to baseline p50 / p99"));
        Percentiles base = result.baseline();
        result.latencies().forEach((name, p) -> out.append(String.format(Locale.ROOT, "%-40s %10s %10s %10s %10s %8d  %s / %s%n",
                name, ms(p.p50()), ms(p.p90()), ms(p.p99()), ms(p.max()), p.count(), Ratio.format(p.p50(), base.p50()),
                Ratio.format(p.p99(), base.p99()))));
        out.append(String.format(Locale.ROOT, "%-40s %10s %10s %10s %10s %8d  1.00%s%n", BenchRun.BASELINE, ms(base.p50()),
                ms(base.p90()), ms(base.p99()), ms(base.max()), base.count(), Ratio.TIMES));
        out.append("steps (offered calls/s → answered calls/s, notifications/s, Answer→Established p99):\n");
        for (BenchResult.StepFigures step : result.steps()) {
            out.append(String.format(Locale.ROOT, "  %8.1f → %8.1f  %9.0f/s  p99 %s%s%n", step.offeredCallsPerSecond(),
                    step.achievedCallsPerSecond(), step.notificationsPerSecond(), ms(step.answer().p99()),
                    step.saturated() ? "  saturated" : ""));
        }
        out.append("saturation: ").append(result.saturation()).append('\n');
        double maxHeap = result.samples().stream().mapToDouble(BenchResult.Sample::heapMegabytes).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        double maxCpu = result.samples().stream().mapToDouble(BenchResult.Sample::cpuUsage).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        out.append(String.format(Locale.ROOT, "server: max heap %.0f MB, max CPU %.0f %% (of all cores), %d samples%n", maxHeap,
                maxCpu * 100, result.samples().size()));
        out.append("streams: ").append(streams(result.streams())).append('\n');
        out.append("baseline streams: ").append(streams(result.baselineStreams())).append('\n');
        return out.toString();
    }

    private static String streams(BenchResult.StreamFigures s) {
        return s.streams() + " streams, " + s.sent() + " sent, " + s.received() + " received, " + s.lost() + " lost, "
                + s.duplicated() + " duplicated, " + s.outOfOrder() + " out of order, " + s.unexpected() + " unexpected"
                + (s.clean() ? " (clean)" : " (NOT CLEAN)");
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /** The JSON file: the result, with every latency's ratios to the baseline. */
    public static String json(BenchResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", result.settings());
        Map<String, Object> latencies = new LinkedHashMap<>();
        Percentiles base = result.baseline();
        result.latencies().forEach((name, p) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("nanos", p);
            entry.put("ratioP50", Ratio.of(p.p50(), base.p50()).value().orElse(Double.NaN));
            entry.put("ratioP90", Ratio.of(p.p90(), base.p90()).value().orElse(Double.NaN));
            entry.put("ratioP99", Ratio.of(p.p99(), base.p99()).value().orElse(Double.NaN));
            entry.put("ratioMax", Ratio.of(p.max(), base.max()).value().orElse(Double.NaN));
            latencies.put(name, entry);
        });
        root.put("latencies", latencies);
        root.put("baseline", base);
        root.put("steps", result.steps());
        root.put("saturation", result.saturation());
        root.put("streams", result.streams());
        root.put("streamsClean", result.streams().clean());
        root.put("baselineStreams", result.baselineStreams());
        root.put("histogramUpperMillis", LogHistogram.UPPER_MILLIS);
        root.put("histograms", result.histograms());
        root.put("samples", result.samples());
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A self-contained HTML page: tables and inline SVG plots, no script, no external resource. */
    public static String html(BenchResult result) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard benchmark</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}")
                .append("td:first-child{text-align:left}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
        page.append("<h1>Switchboard benchmark</h1>\n<p>").append(escape(result.settings().toString())).append("</p>\n");
        page.append("<h2>Latency</h2>\n<table><tr><th>latency</th><th>n</th><th>p50</th><th>p90</th><th>p99</th><th>max</th>")
                .append("<th>p50 ratio</th><th>p99 ratio</th></tr>\n");
        Percentiles base = result.baseline();
        result.latencies().forEach((name, p) -> row(page, name, p, Ratio.format(p.p50(), base.p50()), Ratio.format(p.p99(), base.p99())));
        row(page, BenchRun.BASELINE, base, "1.00" + Ratio.TIMES, "1.00" + Ratio.TIMES);
        page.append("</table>\n<h2>Steps</h2>\n<p>").append(escape(result.saturation())).append("</p>\n<table><tr><th>offered calls/s")
                .append("</th><th>answered calls/s</th><th>notifications/s</th><th>Answer&#8594;Established p50</th><th>p99</th>")
                .append("<th>saturated</th></tr>\n");
        for (BenchResult.StepFigures step : result.steps()) {
            page.append(String.format(Locale.ROOT, "<tr><td>%.1f</td><td>%.1f</td><td>%.0f</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                    step.offeredCallsPerSecond(), step.achievedCallsPerSecond(), step.notificationsPerSecond(), ms(step.answer().p50()),
                    ms(step.answer().p99()), step.saturated() ? "yes" : "no"));
        }
        page.append("</table>\n<h2>Latency percentiles per step (Answer &#8594; Established at the agent)</h2>\n");
        List<BenchResult.StepFigures> steps = result.steps();
        double[] xs = steps.stream().mapToDouble(BenchResult.StepFigures::offeredCallsPerSecond).toArray();
        page.append(plot("offered calls/s", "ms", xs, new String[] {"p50", "p90", "p99"}, new double[][] {
            values(steps, s -> s.answer().p50() / 1e6), values(steps, s -> s.answer().p90() / 1e6),
            values(steps, s -> s.answer().p99() / 1e6)}));
        List<BenchResult.Sample> samples = result.samples();
        double[] seconds = samples.stream().mapToDouble(BenchResult.Sample::second).toArray();
        page.append("<h2>Throughput over time</h2>\n").append(plot("s", "per second", seconds,
                new String[] {"answered calls/s", "notifications/s"},
                new double[][] {samplesOf(samples, BenchResult.Sample::callsPerSecond),
                    samplesOf(samples, BenchResult.Sample::notificationsPerSecond)}));
        page.append("<h2>Server heap and CPU over time</h2>\n").append(plot("s", "MB", seconds, new String[] {"heap MB"},
                new double[][] {samplesOf(samples, BenchResult.Sample::heapMegabytes)}))
                .append(plot("s", "% CPU", seconds, new String[] {"process CPU %"},
                        new double[][] {samplesOf(samples, s -> s.cpuUsage() * 100)}));
        page.append("<h2>Latency histograms</h2>\n").append(histograms(result.histograms()));
        page.append("<h2>Notification streams</h2>\n<p>Switchboard: ").append(escape(streams(result.streams())))
                .append("<br>Baseline: ").append(escape(streams(result.baselineStreams()))).append("</p>\n</body></html>\n");
        return page.toString();
    }

    private static void row(StringBuilder page, String name, Percentiles p, String ratio50, String ratio99) {
        page.append("<tr><td>").append(escape(name)).append("</td><td>").append(p.count()).append("</td><td>").append(ms(p.p50()))
                .append("</td><td>").append(ms(p.p90())).append("</td><td>").append(ms(p.p99())).append("</td><td>").append(ms(p.max()))
                .append("</td><td>").append(ratio50).append("</td><td>").append(ratio99).append("</td></tr>\n");
    }

    private static double[] values(List<BenchResult.StepFigures> steps, ToDoubleFunction<BenchResult.StepFigures> f) {
        return steps.stream().mapToDouble(f).toArray();
    }

    private static double[] samplesOf(List<BenchResult.Sample> samples, ToDoubleFunction<BenchResult.Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    /** A line plot of {@code series} against {@code xs}, 800 × 260, with axis bounds written at the corners. */
    static String plot(String xLabel, String yLabel, double[] xs, String[] names, double[][] series) {
        int width = 800;
        int height = 260;
        int left = 60;
        int bottom = 30;
        double xMin = xs.length == 0 ? 0 : xs[0];
        double xMax = xs.length == 0 ? 1 : xs[xs.length - 1];
        double yMax = 0;
        for (double[] ys : series) {
            for (double y : ys) {
                if (Double.isFinite(y)) {
                    yMax = Math.max(yMax, y);
                }
            }
        }
        yMax = yMax == 0 ? 1 : yMax * 1.1;
        double xSpan = xMax == xMin ? 1 : xMax - xMin;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\">\n");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left, height - bottom,
                width - 10, height - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, left,
                height - bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"20\" font-size=\"11\">%.3g %s</text>", yMax, escape(yLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.3g</text>", left, height - 8, xMin));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.3g %s</text>%n",
                width - 10, height - 8, xMax, escape(xLabel)));
        for (int s = 0; s < series.length; s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < xs.length && i < series[s].length; i++) {
                if (!Double.isFinite(series[s][i])) {
                    continue;
                }
                double x = left + (xs[i] - xMin) / xSpan * (width - left - 10);
                double y = height - bottom - series[s][i] / yMax * (height - bottom - 10);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String color = COLORS[s % COLORS.length];
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>%n", left + 10 + 150 * s,
                    22, color, escape(names[s])));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Grouped bars: one group per histogram bucket, one bar per latency, as a share of that latency's samples. */
    static String histograms(Map<String, long[]> histograms) {
        int buckets = LogHistogram.UPPER_MILLIS.length + 1;
        int width = 900;
        int height = 300;
        int bottom = 40;
        double groupWidth = (width - 20.0) / buckets;
        double barWidth = groupWidth / Math.max(1, histograms.size());
        StringBuilder svg = new StringBuilder("<svg width=\"" + width + "\" height=\"" + height
                + "\" role=\"img\">\n");
        int s = 0;
        for (Map.Entry<String, long[]> entry : histograms.entrySet()) {
            long total = 0;
            for (long count : entry.getValue()) {
                total += count;
            }
            String color = COLORS[s % COLORS.length];
            for (int i = 0; i < buckets && i < entry.getValue().length; i++) {
                double share = total == 0 ? 0 : (double) entry.getValue()[i] / total;
                double barHeight = share * (height - bottom - 30);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        10 + i * groupWidth + s * barWidth, height - bottom - barHeight, barWidth, barHeight, color));
            }
            svg.append(String.format(Locale.ROOT, "%n<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>%n", 10 + 175 * s, 14,
                    color, escape(entry.getKey())));
            s++;
        }
        for (int i = 0; i < buckets; i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%s</text>", 10 + i * groupWidth,
                    height - bottom + 14, escape(LogHistogram.label(i))));
        }
        return svg.append("\n</svg>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
