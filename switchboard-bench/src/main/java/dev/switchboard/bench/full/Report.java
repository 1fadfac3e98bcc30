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
        out.append(String.format(Locale.ROOT, "%-70s %10s %10s %10s %10s %8s  %s%n", "latency", "p50", "p90", "p99", "max", "n",
                "ratio to baseline p50 / p99"));
        result.latencies().forEach((name, p) -> {
            if (p.count() == 0) {
                return;
            }
            Percentiles base = result.baselineFor(name);
            out.append(String.format(Locale.ROOT, "%-70s %10s %10s %10s %10s %8d  %s / %s%s%n", name, ms(p.p50()), ms(p.p90()),
                    ms(p.p99()), ms(p.max()), p.count(), Ratio.format(p.p50(), base.p50()), Ratio.format(p.p99(), base.p99()),
                    comparedWith(result, name, " (to ", ")")));
        });
        for (Map.Entry<String, Percentiles> base : baselines(result).entrySet()) {
            Percentiles b = base.getValue();
            out.append(String.format(Locale.ROOT, "%-70s %10s %10s %10s %10s %8d  1.00%s%n", base.getKey(), ms(b.p50()), ms(b.p90()),
                    ms(b.p99()), ms(b.max()), b.count(), Ratio.TIMES));
        }
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
        out.append(DurableReport.text(result));
        return out.toString();
    }

    /** The baselines that ran, by name, in print order. */
    private static Map<String, Percentiles> baselines(BenchResult result) {
        Map<String, Percentiles> baselines = new LinkedHashMap<>();
        result.baselines().forEach((name, base) -> {
            if (name.equals(BenchRun.BASELINE) || base.count() > 0) {
                baselines.put(name, base);
            }
        });
        return baselines;
    }

    /** What a latency's ratios are to, between {@code before} and {@code after}; empty for the quiet bare baseline. */
    static String comparedWith(BenchResult result, String latency, String before, String after) {
        String name = result.baselineNameFor(latency);
        String description = switch (name) {
            case BenchRun.BASELINE_LOADED -> "the baseline under load";
            case BenchRun.BASELINE_FSYNC -> "the baseline + fdatasync";
            case BenchRun.BASELINE_FSYNC_LOADED -> "the baseline + fdatasync under load";
            default -> null;
        };
        return description == null ? "" : before + description + after;
    }

    private static String streams(BenchResult.StreamFigures s) {
        return s.streams() + " streams, " + s.sent() + " sent, " + s.received() + " received, " + s.lost() + " lost, "
                + s.duplicated() + " duplicated, " + s.outOfOrder() + " out of order, " + s.unexpected() + " unexpected"
                + (s.clean() ? " (clean)" : " (NOT CLEAN)");
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /** The JSON file: the result, with every latency's ratios to the baseline. */
    public static String json(BenchResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", result.settings());
        Map<String, Object> latencies = new LinkedHashMap<>();
        result.latencies().forEach((name, p) -> {
            Percentiles base = result.baselineFor(name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("nanos", p);
            entry.put("ratiosTo", result.baselineNameFor(name));
            entry.put("ratioP50", Ratio.of(p.p50(), base.p50()).value().orElse(Double.NaN));
            entry.put("ratioP90", Ratio.of(p.p90(), base.p90()).value().orElse(Double.NaN));
            entry.put("ratioP99", Ratio.of(p.p99(), base.p99()).value().orElse(Double.NaN));
            entry.put("ratioMax", Ratio.of(p.max(), base.max()).value().orElse(Double.NaN));
            latencies.put(name, entry);
        });
        root.put("latencies", latencies);
        root.put("baseline", result.baselines().getOrDefault(BenchRun.BASELINE, Percentiles.EMPTY));
        root.put("loadedBaseline", result.baselines().getOrDefault(BenchRun.BASELINE_LOADED, Percentiles.EMPTY));
        root.put("baselines", result.baselines());
        root.put("durability", DurableReport.json(result));
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
                .append("td{white-space:nowrap}td:first-child{text-align:left;white-space:normal}")
                .append("svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
        page.append("<h1>Switchboard benchmark</h1>\n<p>");
        StringBuilder settings = new StringBuilder();
        result.settings().forEach((name, value) -> settings.append(settings.length() == 0 ? "" : " \u00b7 ").append(name)
                .append(": ").append(value instanceof Double d ? number(d) : String.valueOf(value).isEmpty() ? "none" : value));
        page.append(escape(settings.toString())).append("</p>\n");
        page.append("<h2>Latency</h2>\n<table><tr><th>latency</th><th>n</th><th>p50</th><th>p90</th><th>p99</th><th>max</th>")
                .append("<th>p50 ratio</th><th>p99 ratio</th></tr>\n");
        result.latencies().forEach((name, p) -> {
            if (p.count() == 0) {
                return;
            }
            Percentiles base = result.baselineFor(name);
            row(page, name + comparedWith(result, name, " (ratios to ", ")"), p,
                    Ratio.format(p.p50(), base.p50()), Ratio.format(p.p99(), base.p99()));
        });
        baselines(result).forEach((name, base) -> row(page, name, base, "1.00" + Ratio.TIMES, "1.00" + Ratio.TIMES));
        page.append("</table>\n").append(DurableReport.html(result));
        page.append("<h2>Steps</h2>\n<p>").append(escape(result.saturation())).append("</p>\n<table><tr><th>offered calls/s")
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
        page.append(plot("offered calls/s", "Answer \u2192 Established (ms)", xs, new String[] {"p50", "p90", "p99"}, new double[][] {
            values(steps, s -> s.answer().p50() / 1e6), values(steps, s -> s.answer().p90() / 1e6),
            values(steps, s -> s.answer().p99() / 1e6)}));
        List<BenchResult.Sample> samples = result.samples();
        double[] seconds = samples.stream().mapToDouble(BenchResult.Sample::second).toArray();
        page.append("<h2>Throughput over time</h2>\n").append(plot("seconds into the load", "per second", seconds,
                new String[] {"answered calls/s", "notifications/s"},
                new double[][] {samplesOf(samples, BenchResult.Sample::callsPerSecond),
                    samplesOf(samples, BenchResult.Sample::notificationsPerSecond)}));
        page.append("<h2>Server heap and CPU over time</h2>\n").append(plot("seconds into the load", "MB", seconds,
                new String[] {"heap used (MB)"},
                new double[][] {samplesOf(samples, BenchResult.Sample::heapMegabytes)}))
                .append(plot("seconds into the load", "% of all cores", seconds, new String[] {"server process CPU"},
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

    /** A line plot of {@code series} against {@code xs}, 800 wide: legend above, four gridlines, labelled axes. */
    static String plot(String xLabel, String yLabel, double[] xs, String[] names, double[][] series) {
        int width = 800;
        int left = 70;
        int right = 20;
        StringBuilder svg = new StringBuilder();
        int top = legend(svg, names, left, width - right, 12) + 10;
        int plotHeight = 220;
        int height = top + plotHeight + 40;
        int bottomY = top + plotHeight;
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
        yMax = niceCeiling(yMax);
        double xSpan = xMax == xMin ? 1 : xMax - xMin;
        for (int t = 0; t <= 4; t++) {
            double y = bottomY - t * plotHeight / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", left, y,
                    width - right, y, t == 0 ? "#333" : "#ddd"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    left - 5, y + 4, number(yMax * t / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top, left,
                bottomY));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 %d %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", 14, top + plotHeight / 2, 14, top + plotHeight / 2, escape(yLabel)));
        for (int t = 0; t <= 4; t++) {
            double x = left + t * (width - left - right) / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x,
                    bottomY + 15, number(xMin + xSpan * t / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                (left + width - right) / 2, bottomY + 32, escape(xLabel)));
        for (int s = 0; s < series.length; s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < xs.length && i < series[s].length; i++) {
                if (!Double.isFinite(series[s][i])) {
                    continue;
                }
                double x = left + (xs[i] - xMin) / xSpan * (width - left - right);
                double y = bottomY - series[s][i] / yMax * plotHeight;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(COLORS[s % COLORS.length]).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
        }
        return "<svg width=\"" + width + "\" height=\"" + height + "\" role=\"img\">\n" + svg + "</svg>\n";
    }

    /**
     * Writes a legend (a colour swatch and the name of each series) in rows from {@code left} to {@code right}, starting at
     * the top; returns the y where it ends. Widths are estimated from the text, generously, so that names never overlap.
     */
    static int legend(StringBuilder svg, String[] names, int left, int right, int fontSize) {
        double charWidth = fontSize * 0.62;
        double x = left;
        int y = 6 + fontSize;
        for (int s = 0; s < names.length; s++) {
            double itemWidth = 16 + names[s].length() * charWidth + 24;
            if (x > left && x + itemWidth > right) {
                x = left;
                y += fontSize + 8;
            }
            String color = COLORS[s % COLORS.length];
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"%d\" fill=\"%s\"/>", x,
                    y - fontSize + 2, fontSize - 2, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"%d\">%s</text>%n", x + 16, y, fontSize,
                    escape(names[s])));
            x += itemWidth;
        }
        return y + 6;
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code value} (1 for nothing), so that quarter ticks are round. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value * (1 - 1e-9)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** A plain number for an axis: no exponent, at most three significant digits below 1,000. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        String text;
        if (magnitude >= 100 || magnitude == 0) {
            text = String.format(Locale.ROOT, "%.0f", value);
        } else if (magnitude >= 10) {
            text = String.format(Locale.ROOT, "%.1f", value);
        } else if (magnitude >= 1) {
            text = String.format(Locale.ROOT, "%.2f", value);
        } else {
            text = String.format(Locale.ROOT, "%.3f", value);
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** Grouped bars: one group per histogram bucket, one bar per latency, as a share of that latency's samples. */
    static String histograms(Map<String, long[]> histograms) {
        int buckets = LogHistogram.UPPER_MILLIS.length + 1;
        int width = 900;
        int left = 50;
        int right = 10;
        StringBuilder svg = new StringBuilder();
        int top = legend(svg, histograms.keySet().toArray(String[]::new), left, width - right, 11) + 10;
        int plotHeight = 220;
        int bottomY = top + plotHeight;
        int height = bottomY + 40;
        double maxShare = 0;
        for (long[] counts : histograms.values()) {
            long total = java.util.Arrays.stream(counts).sum();
            for (long count : counts) {
                maxShare = Math.max(maxShare, total == 0 ? 0 : (double) count / total);
            }
        }
        maxShare = niceCeiling(maxShare * 100) / 100;
        for (int t = 0; t <= 4; t++) {
            double y = bottomY - t * plotHeight / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", left, y,
                    width - right, y, t == 0 ? "#333" : "#ddd"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s %%</text>%n",
                    left - 5, y + 4, number(maxShare * 100 * t / 4)));
        }
        double groupWidth = (width - left - right) / (double) buckets;
        double barWidth = (groupWidth - 4) / Math.max(1, histograms.size());
        int s = 0;
        for (long[] counts : histograms.values()) {
            long total = java.util.Arrays.stream(counts).sum();
            String color = COLORS[s % COLORS.length];
            for (int i = 0; i < buckets && i < counts.length; i++) {
                double share = total == 0 ? 0 : (double) counts[i] / total;
                double barHeight = share / maxShare * plotHeight;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        left + 2 + i * groupWidth + s * barWidth, bottomY - barHeight, barWidth, barHeight, color));
            }
            svg.append('\n');
            s++;
        }
        for (int i = 0; i < buckets; i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>",
                    left + (i + 0.5) * groupWidth, bottomY + 14, escape(LogHistogram.label(i))));
        }
        svg.append(String.format(Locale.ROOT, "%n<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">latency bucket; "
                + "bar height: share of that latency's samples</text>%n", (left + width - right) / 2, bottomY + 32));
        return "<svg width=\"" + width + "\" height=\"" + height + "\" role=\"img\">\n" + svg + "</svg>\n";
    }

    /** {@code text} for HTML text and attribute values. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
