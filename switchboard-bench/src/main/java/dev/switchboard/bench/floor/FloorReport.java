package dev.switchboard.bench.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.bench.full.Report;

/**
 * The floor benchmark's report, from the figures {@link FloorBenchRun} returns: one list of rows, printed as text and
 * as an HTML table (no script, nothing fetched). {@link #clean} says whether the run saw no page error, no failed
 * probe and no failed churn request.
 */
public final class FloorReport {
    private FloorReport() {
    }

    /** The rows: what was measured, and its figure. */
    static List<String[]> rows(JsonNode figures) {
        JsonNode settings = figures.path("settings");
        JsonNode machine = figures.path("machine");
        JsonNode window = figures.path("window");
        int agents = settings.path("agents").asInt();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("machine", String.format(Locale.ROOT, "%s, %d cores, load average %s at the start, %s at the end; %s; %s",
                machine.path("date").asText(), machine.path("cores").asInt(), machine.path("loadAverageAtStart").asText(),
                machine.path("loadAverageAtEnd").asText(), figures.path("browser").asText("Chromium"), machine.path("java").asText())));
        rows.add(row("rows on screen after the login", ms(figures.path("rowsOnScreenMs")) + " ("
                + figures.path("rowsInPage").asInt() + " rows of " + number(agents) + " in the page)"));
        rows.add(row("agent1's counts on screen", ms(figures.path("firstCountsMs"))));
        rows.add(row("agent" + agents + "'s counts (grid scrolled to its end)", ms(figures.path("lastCountsMs"))));
        rows.add(row("page loaded, after a GC", page(figures.path("loaded"))));
        rows.add(row("churn in the window", String.format(Locale.ROOT, "%d agents for %.1f s: %.1f state changes/s, %.1f calls/s "
                + "(rung, answered, 1 s talk, hung up), %d failed requests", settings.path("churningAgents").asInt(),
                window.path("seconds").asDouble(), window.path("stateChangesPerSecond").asDouble(),
                window.path("callsPerSecond").asDouble(), window.path("churnErrors").asInt())));
        JsonNode longTasks = window.path("longTasks");
        rows.add(row("long tasks (over 50 ms) in the window", String.format(Locale.ROOT, "%d, %s ms in all, the longest %s ms",
                longTasks.path("count").asInt(), number(longTasks.path("totalMs").asLong()), number(longTasks.path("maxMs").asLong()))));
        JsonNode frames = window.path("frameMs");
        rows.add(row("frame interval p50 / p99 / max", String.format(Locale.ROOT, "%s / %s / %s ms (%s frames, %d over 50 ms)",
                frames.path("p50").asText(), frames.path("p99").asText(), frames.path("max").asText(),
                number(frames.path("count").asLong()), window.path("framesOver50Ms").asInt())));
        JsonNode probes = window.path("restToRowMs");
        rows.add(row("REST change \u2192 row shows it, p50 / p99 / max", String.format(Locale.ROOT,
                "%s / %s / %s ms (%d do-not-disturb changes of agent1..agent%d in view, one at a time; %d failed)",
                probes.path("p50").asText(), probes.path("p99").asText(), probes.path("max").asText(), probes.path("count").asInt(),
                figures.path("probes").asInt(), window.path("probeFailures").asInt())));
        rows.add(row("page after the window, after a GC", page(figures.path("afterWindow"))));
        List<String> errors = new ArrayList<>();
        figures.path("pageErrors").forEach(error -> errors.add(error.asText()));
        rows.add(row("page errors", errors.isEmpty() ? "none" : String.join("; ", errors)));
        return rows;
    }

    /** The report as text: a title and a row per line. */
    public static String text(JsonNode figures) {
        StringBuilder text = new StringBuilder(title(figures)).append('\n');
        for (String[] row : rows(figures)) {
            text.append(String.format(Locale.ROOT, "  %-52s %s%n", row[0], row[1]));
        }
        return text.toString();
    }

    /** The report as a self-contained HTML page. */
    public static String html(JsonNode figures) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Switchboard floor benchmark</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("th{background:#eee}</style></head><body>\n<h1>").append(Report.escape(title(figures)))
                .append("</h1>\n<table><tr><th>measured</th><th>figure</th></tr>\n");
        for (String[] row : rows(figures)) {
            page.append("<tr><td>").append(Report.escape(row[0])).append("</td><td>").append(Report.escape(row[1]))
                    .append("</td></tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    /** No page error, no failed probe, no failed churn request. */
    public static boolean clean(JsonNode figures) {
        return figures.path("pageErrors").isEmpty() && figures.path("window").path("probeFailures").asInt() == 0
                && figures.path("window").path("churnErrors").asInt() == 0;
    }

    private static String title(JsonNode figures) {
        JsonNode settings = figures.path("settings");
        return String.format(Locale.ROOT, "Floor benchmark: supervisor1's floor of %s agents in headless Chromium, %d of them churning",
                number(settings.path("agents").asLong()), settings.path("churningAgents").asInt());
    }

    private static String page(JsonNode page) {
        return String.format(Locale.ROOT, "JS heap %.1f MB, %s DOM nodes", page.path("jsHeapUsedMb").asDouble(),
                number(page.path("domNodes").asLong()));
    }

    private static String ms(JsonNode value) {
        return number(value.asLong()) + " ms";
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }
}
