package dev.switchboard.bench.full;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import dev.switchboard.bench.report.Ratio;
import dev.switchboard.bench.stats.Percentiles;

/**
 * The durability part of the report: each durable operation's p50 and p99, quiet and under load, with their ratios to
 * bare delivery + one fdatasync (issue 12's target: at most {@link #TARGET}), both by the bare baseline server and by
 * this server's own echo timed beside them; the disk's own fdatasync; how many journal
 * records one fdatasync covered in each phase; and the agent-state burst.
 */
final class DurableReport {
    /** Issue 12's target for the ratios to bare delivery + one fdatasync, at p50 and p99, quiet and under load. */
    static final double TARGET = 1.5;

    private DurableReport() {
    }

    /** The summary's lines. */
    static String text(BenchResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "durable operations against bare delivery + one fdatasync (agentStates: %s; "
                + "target \u2264 %.2f%s):%n", result.settings().getOrDefault("agentStates", "sync"), TARGET, Ratio.TIMES));
        boolean saturated = measuredAtSaturation(result);
        out.append(String.format(Locale.ROOT, "  %-24s %-52s %-52s %s", "operation", "quiet: p50 / p99 (ratios)",
                "under load, the steps sustained: p50 / p99 (ratios)", saturated ? "at saturation: p50 / p99 (ratios)" : "")
                .stripTrailing()).append(System.lineSeparator());
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            out.append(String.format(Locale.ROOT, "  %-24s %-52s %-52s %s", operation.label(), cell(result, operation.quiet()),
                    cell(result, operation.underLoad()), saturated ? cell(result, operation.atSaturation()) : "")
                    .stripTrailing()).append(System.lineSeparator());
        }
        serverEchoLines(result, saturated).forEach(line -> out.append(line).append(System.lineSeparator()));
        for (String line : details(result.durability())) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * The same operations against this server's own echo + one fdatasync, timed beside them: what the switch and the
     * journal add to a delivery that pays the same process, moments and load. Nothing when no echo was measured.
     */
    static List<String> serverEchoLines(BenchResult result, boolean saturated) {
        List<String> lines = new ArrayList<>();
        if (result.serverEchoFor(DurableOperations.OPERATIONS.get(0).quiet()).count() == 0
                && result.serverEchoFor(DurableOperations.OPERATIONS.get(0).underLoad()).count() == 0) {
            return lines;
        }
        lines.add("  against this server's own echo + one fdatasync (POST /ext/v1/notifications/echo), timed beside them:");
        lines.add(String.format(Locale.ROOT, "  %-24s %-36s %-36s %s", "operation", "quiet: p50 / p99 (interval)",
                "under load: p50 / p99 (interval)", saturated ? "at saturation: p50 / p99 (interval)" : "").stripTrailing());
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            lines.add(String.format(Locale.ROOT, "  %-24s %-36s %-36s %s", operation.label(), echoRatios(result, operation.quiet()),
                    echoRatios(result, operation.underLoad()), saturated ? echoRatios(result, operation.atSaturation()) : "")
                    .stripTrailing());
        }
        DurableOperations.Operation first = DurableOperations.OPERATIONS.get(0);
        lines.add(String.format(Locale.ROOT, "  %-24s %-36s %-36s %s", "the echo itself", echoMillis(result, first.quiet()),
                echoMillis(result, first.underLoad()), saturated ? echoMillis(result, first.atSaturation()) : "").stripTrailing());
        String besideListenIn = besideListenIn(result);
        if (besideListenIn != null) {
            lines.add(String.format(Locale.ROOT, "  %-24s %s", "the echo beside ListenIn", besideListenIn));
        }
        return lines;
    }

    /** One HTML row: the label, then a cell per phase (quiet, under load, at saturation) of the operation's latencies. */
    private static void row(StringBuilder page, String label, DurableOperations.Operation operation,
                            java.util.function.Function<String, String> cell) {
        page.append("<tr><td>").append(Report.escape(label)).append("</td>");
        for (String latency : List.of(operation.quiet(), operation.underLoad(), operation.atSaturation())) {
            page.append("<td>").append(Report.escape(cell.apply(latency))).append("</td>");
        }
        page.append("</tr>\n");
    }

    /** {@code ratio / ratio} of a latency to the server's echo beside it, or {@code not measured}. */
    static String echoRatios(BenchResult result, String latency) {
        Percentiles p = result.latencies().get(latency);
        Percentiles echo = result.serverEchoFor(latency);
        if (p == null || p.count() == 0 || echo.count() == 0) {
            return "not measured";
        }
        String name = result.serverEchoNameFor(latency);
        return Ratio.format(p.p50(), echo.p50()) + " / " + Ratio.format(p.p99(), echo.p99()) + " " + p99Interval(p, echo)
                + (name.startsWith(BenchRun.SERVER_ECHO_FSYNC) ? "" : " vs no fdatasync");
    }

    /**
     * The p99 ratio's interval, {@code (0.81–1.93×)}: the latency's p99 interval over the other's, each end against the
     * far end of the other (each a 95 % interval, so together at least 90 %). A ratio whose interval holds the target
     * cannot be told from it with this many samples.
     */
    static String p99Interval(Percentiles p, Percentiles base) {
        OptionalDouble low = Ratio.of(p.p99Low(), base.p99High()).value();
        OptionalDouble high = Ratio.of(p.p99High(), base.p99Low()).value();
        if (low.isEmpty() || high.isEmpty()) {
            return "(n/a)";
        }
        return String.format(Locale.ROOT, "(%.2f\u2013%.2f%s)", low.getAsDouble(), high.getAsDouble(), Ratio.TIMES);
    }

    /** Whether the p99 ratio is surely within the target ({@code within}), surely not ({@code beyond}), or {@code undecided}. */
    static String p99Verdict(Percentiles p, Percentiles base) {
        if (Ratio.of(p.p99High(), base.p99Low()).isAtMost(TARGET)) {
            return "within";
        }
        return Ratio.of(p.p99Low(), base.p99High()).isAtMost(TARGET) ? "undecided" : "beyond";
    }

    /**
     * The quiet echo timed after each ListenIn, when it is not the agent states' echo (a run with it), else null: quiet
     * ListenIn runs in a series of its own, and its ratio is to this one.
     */
    private static String besideListenIn(BenchResult result) {
        String listenIn = DurableOperations.OPERATIONS.get(DurableOperations.OPERATIONS.size() - 1).quiet();
        String first = DurableOperations.OPERATIONS.get(0).quiet();
        String name = result.serverEchoNameFor(listenIn);
        if (name == null || name.equals(result.serverEchoNameFor(first)) || result.serverEchoFor(listenIn).count() == 0) {
            return null;
        }
        return echoMillis(result, listenIn);
    }

    private static String echoMillis(BenchResult result, String latency) {
        Percentiles echo = result.serverEchoFor(latency);
        return echo.count() == 0 ? "not measured"
                : String.format(Locale.ROOT, "%.2f / %.2f ms", echo.p50() / 1e6, echo.p99() / 1e6);
    }

    /** The lines after the table: the disk's own fdatasync, the journal per phase, the agent-state burst. */
    static List<String> details(BenchResult.Durability durability) {
        List<String> lines = new ArrayList<>();
        BenchResult.DiskSync disk = durability.disk();
        if (disk != null) {
            lines.add(String.format(Locale.ROOT, "disk: write + fdatasync of 128 bytes (%d, before the server started): p50 %s, "
                    + "p99 %s, max %s", disk.count(), Report.ms(disk.p50Nanos()), Report.ms(disk.p99Nanos()), Report.ms(disk.maxNanos())));
        }
        if (!durability.journal().isEmpty()) {
            lines.add(String.format(Locale.ROOT, "journal: batch write + fdatasync since the server started: p50 %s, p99 %s",
                    Report.ms(durability.syncP50Nanos()), Report.ms(durability.syncP99Nanos())));
            for (BenchResult.JournalPhase phase : durability.journal()) {
                lines.add("  " + journalLine(phase));
            }
        }
        if (durability.burst() != null) {
            lines.add(burstLine(durability.burst()));
        }
        return lines;
    }

    /** Whether any durable operation was timed during a step that saturated the server. */
    static boolean measuredAtSaturation(BenchResult result) {
        return DurableOperations.OPERATIONS.stream().anyMatch(operation -> {
            Percentiles p = result.latencies().get(operation.atSaturation());
            return p != null && p.count() > 0;
        });
    }

    /** {@code p50 / p99 ms (ratio / ratio)} of a latency against its baseline, or {@code not measured}. */
    static String cell(BenchResult result, String latency) {
        Percentiles p = result.latencies().get(latency);
        if (p == null || p.count() == 0) {
            return "not measured";
        }
        Percentiles base = result.baselineFor(latency);
        return String.format(Locale.ROOT, "%.2f / %.2f ms (%s / %s)%s", p.p50() / 1e6, p.p99() / 1e6, Ratio.format(p.p50(), base.p50()),
                Ratio.format(p.p99(), base.p99()), result.baselineNameFor(latency).startsWith(BenchRun.BASELINE_FSYNC) ? ""
                        : " vs bare delivery");
    }

    static String journalLine(BenchResult.JournalPhase phase) {
        return String.format(Locale.ROOT, "%s: %,d records in %,d fdatasyncs, %.2f records per fdatasync", phase.phase(),
                phase.records(), phase.batches(), phase.recordsPerSync());
    }

    static String burstLine(BenchResult.Burst burst) {
        return String.format(Locale.ROOT, "agent-state burst: %d agents at once for %.1f s, %,d operations, %.0f operations/s, "
                + "each p50 %s, p99 %s", burst.desks(), burst.seconds(), burst.operations(), burst.operationsPerSecond(),
                Report.ms(burst.latency().p50()), Report.ms(burst.latency().p99()));
    }

    /** The JSON object: the table's cells with their ratios, the disk, the journal phases and the burst. */
    static Map<String, Object> json(BenchResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("agentStates", result.settings().getOrDefault("agentStates", "sync"));
        root.put("target", TARGET);
        List<Map<String, Object>> operations = new ArrayList<>();
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("operation", operation.label());
            entry.put("quiet", ratios(result, operation.quiet()));
            entry.put("underLoad", ratios(result, operation.underLoad()));
            entry.put("atSaturation", ratios(result, operation.atSaturation()));
            operations.add(entry);
        }
        root.put("operations", operations);
        BenchResult.Durability durability = result.durability();
        root.put("disk", durability.disk());
        root.put("journalSyncP50Nanos", durability.syncP50Nanos());
        root.put("journalSyncP99Nanos", durability.syncP99Nanos());
        List<Map<String, Object>> phases = new ArrayList<>();
        for (BenchResult.JournalPhase phase : durability.journal()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("phase", phase.phase());
            entry.put("records", phase.records());
            entry.put("fdatasyncs", phase.batches());
            entry.put("recordsPerFdatasync", phase.recordsPerSync());
            phases.add(entry);
        }
        root.put("journal", phases);
        if (durability.burst() != null) {
            Map<String, Object> burst = new LinkedHashMap<>();
            burst.put("agents", durability.burst().desks());
            burst.put("seconds", durability.burst().seconds());
            burst.put("operations", durability.burst().operations());
            burst.put("operationsPerSecond", durability.burst().operationsPerSecond());
            burst.put("nanos", durability.burst().latency());
            root.put("burst", burst);
        }
        return root;
    }

    private static Map<String, Object> ratios(BenchResult result, String latency) {
        Percentiles p = result.latencies().getOrDefault(latency, Percentiles.EMPTY);
        Percentiles base = result.baselineFor(latency);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("latency", latency);
        entry.put("ratiosTo", result.baselineNameFor(latency));
        entry.put("p50Nanos", p.p50());
        entry.put("p99Nanos", p.p99());
        entry.put("ratioP50", Ratio.of(p.p50(), base.p50()).value().orElse(Double.NaN));
        entry.put("ratioP99", Ratio.of(p.p99(), base.p99()).value().orElse(Double.NaN));
        entry.put("withinTarget", p.count() > 0 && Ratio.of(p.p50(), base.p50()).isAtMost(TARGET)
                && Ratio.of(p.p99(), base.p99()).isAtMost(TARGET));
        Percentiles echo = result.serverEchoFor(latency);
        if (echo.count() > 0) {
            Map<String, Object> againstEcho = new LinkedHashMap<>();
            againstEcho.put("ratiosTo", result.serverEchoNameFor(latency));
            againstEcho.put("ratioP50", Ratio.of(p.p50(), echo.p50()).value().orElse(Double.NaN));
            againstEcho.put("ratioP99", Ratio.of(p.p99(), echo.p99()).value().orElse(Double.NaN));
            againstEcho.put("ratioP99Interval", List.of(Ratio.of(p.p99Low(), echo.p99High()).value().orElse(Double.NaN),
                    Ratio.of(p.p99High(), echo.p99Low()).value().orElse(Double.NaN)));
            againstEcho.put("p99AgainstTarget", p.count() > 0 ? p99Verdict(p, echo) : "not measured");
            againstEcho.put("withinTarget", p.count() > 0 && Ratio.of(p.p50(), echo.p50()).isAtMost(TARGET)
                    && Ratio.of(p.p99(), echo.p99()).isAtMost(TARGET));
            entry.put("againstServerEcho", againstEcho);
        }
        return entry;
    }

    /** The HTML section: the tables, then the disk, journal and burst lines. */
    static String html(BenchResult result) {
        StringBuilder page = new StringBuilder();
        page.append("<h2>Durable operations against bare delivery + one fdatasync</h2>\n<table><tr><th>operation</th>")
                .append("<th>quiet: p50 / p99 (ratios)</th><th>under load, the steps sustained: p50 / p99 (ratios)</th>")
                .append("<th>at saturation: p50 / p99 (ratios)</th></tr>\n");
        for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
            row(page, operation.label(), operation, latency -> cell(result, latency));
        }
        page.append("</table>\n");
        if (!serverEchoLines(result, true).isEmpty()) {
            page.append("<h3>Against this server's own echo + one fdatasync, timed beside them</h3>\n<table><tr><th>operation</th>")
                    .append("<th>quiet: ratios p50 / p99 (the p99's 90 % interval)</th><th>under load: ratios p50 / p99 (interval)</th>")
                    .append("<th>at saturation: ratios p50 / p99 (interval)</th></tr>\n");
            for (DurableOperations.Operation operation : DurableOperations.OPERATIONS) {
                row(page, operation.label(), operation, latency -> echoRatios(result, latency));
            }
            row(page, "the echo itself", DurableOperations.OPERATIONS.get(0), latency -> echoMillis(result, latency));
            String besideListenIn = besideListenIn(result);
            if (besideListenIn != null) {
                page.append("<tr><td>the echo beside ListenIn</td><td>").append(Report.escape(besideListenIn))
                        .append("</td><td></td><td></td></tr>\n");
            }
            page.append("</table>\n");
        }
        page.append("<p>");
        for (String line : details(result.durability())) {
            page.append(Report.escape(line.trim())).append("<br>\n");
        }
        page.append("</p>\n");
        return page.toString();
    }
}
