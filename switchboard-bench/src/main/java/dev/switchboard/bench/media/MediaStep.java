package dev.switchboard.bench.media;

import java.util.List;
import java.util.Locale;

/**
 * One step of the media benchmark, measured over a window while every call of the step was held open.
 *
 * @param calls            concurrent calls offered (customer sipp calls to distinct agents)
 * @param callsUp          calls the switch had active in the window
 * @param monitored        of those, the calls a supervisor listened in on (legs beyond two per call)
 * @param legs             legs the phones carried in the window
 * @param packetsOutPerSecond RTP packets the server sent per second, all legs
 * @param packetsInPerSecond  RTP packets the server received per second, all legs
 * @param tickP50Ms        median tick duration in the window: the upper edge of its bucket, ms
 * @param tickP99Ms        99th percentile tick duration in the window: the upper edge of its bucket, ms (-1: beyond 20 ms)
 * @param tickMaxBelowMs   every tick of the window was shorter than this, ms (-1: some took 20 ms or more)
 * @param tickMaxMs        the longest tick since the server started (the gauge), ms
 * @param lateTicks        ticks started more than 10 ms late in the window
 * @param serverCpuPercent the server process's CPU in the window, percent of one core
 * @param sippCpuPercent   every sipp's CPU in the window, percent of one core
 * @param otherCpuPercent  the rest of the machine (this benchmark, other builds), percent of one core
 * @param heapMb           the server's used heap at the window's end, MiB
 * @param failedCalls      calls sipp counted as failed, plus offered calls never set up
 * @param saturated        p99 over the limit, late ticks, or failed calls
 */
public record MediaStep(int calls, int callsUp, int monitored, int legs, double packetsOutPerSecond, double packetsInPerSecond,
                        double tickP50Ms, double tickP99Ms, double tickMaxBelowMs, double tickMaxMs, long lateTicks,
                        double serverCpuPercent, double sippCpuPercent, double otherCpuPercent, double heapMb,
                        long failedCalls, boolean saturated) {

    private static final double LAST_EDGE_MS = 20.0;

    /** The Markdown table of {@code steps}. */
    public static String table(List<MediaStep> steps) {
        StringBuilder text = new StringBuilder();
        text.append("| calls | up | monitored | legs | RTP out/s | RTP in/s | tick p50 | tick p99 | tick max (window) "
                + "| tick max (run) | late ticks | server CPU | sipp CPU | other CPU | heap MiB | failed | |\n");
        text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (MediaStep s : steps) {
            text.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.0f | %s | %s | %s | %.2f ms | %d | %.0f%% | %.0f%% "
                            + "| %.0f%% | %.0f | %d | %s |%n", s.calls, s.callsUp, s.monitored, s.legs, s.packetsOutPerSecond,
                    s.packetsInPerSecond, ms("≤ ", s.tickP50Ms), ms("≤ ", s.tickP99Ms), ms("< ", s.tickMaxBelowMs), s.tickMaxMs,
                    s.lateTicks,
                    s.serverCpuPercent, s.sippCpuPercent, s.otherCpuPercent, s.heapMb, s.failedCalls,
                    s.saturated ? "SATURATED" : ""));
        }
        return text.toString();
    }

    /** A bucket edge as read: the last edge (the 20 ms period) or beyond it means the tick took the whole period or more. */
    private static String ms(String bound, double millis) {
        return millis < 0 || millis >= LAST_EDGE_MS ? "≥ 20 ms" : String.format(Locale.ROOT, "%s%.2f ms", bound, millis);
    }
}
