package dev.switchboard.bench.full;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.bench.stats.Percentiles;

/**
 * Everything a benchmark run measured, for the summary, the JSON file and the HTML report.
 *
 * @param settings   what was run (agents, supervisors, transport, …), in print order
 * @param latencies  Switchboard's latencies by name, in print order
 * @param baseline   the baseline's POST → delivery latency, sequential on a quiet server
 * @param loadedBaseline the baseline's POST → delivery under the load of Switchboard's steps (empty when none ran)
 * @param underLoad  the latencies measured under load, whose ratios are to {@code loadedBaseline}
 * @param histograms per latency name (baseline included as {@code baseline}), the {@link LogHistogram} counts
 * @param steps      the rate steps
 * @param saturation a sentence on where the server saturated
 * @param samples    one per second: server heap and CPU, calls and notifications per second
 * @param streams    the stream check of Switchboard's notifications
 * @param baselineStreams the stream check of the baseline's messages
 */
public record BenchResult(Map<String, Object> settings, Map<String, Percentiles> latencies, Percentiles baseline,
                          Percentiles loadedBaseline, Set<String> underLoad, Map<String, long[]> histograms,
                          List<StepFigures> steps, String saturation, List<Sample> samples, StreamFigures streams,
                          StreamFigures baselineStreams) {

    /** Whether the ratios of {@code latency} are to the loaded baseline (measured under load, and it ran). */
    public boolean underLoad(String latency) {
        return underLoad.contains(latency) && loadedBaseline.count() > 0;
    }

    /** The baseline the ratios of {@code latency} are to: the loaded one for latencies measured under load. */
    public Percentiles baselineFor(String latency) {
        return underLoad(latency) ? loadedBaseline : baseline;
    }

    /** One rate step: offered and achieved calls/s, notifications/s, the Answer → Established p99, and whether it saturated. */
    public record StepFigures(double offeredCallsPerSecond, double achievedCallsPerSecond, double notificationsPerSecond,
                              Percentiles answer, boolean saturated) {
    }

    /** One second of the run, from its start. */
    public record Sample(double second, double heapMegabytes, double cpuUsage, double callsPerSecond,
                         double notificationsPerSecond) {
    }

    /** The totals of a stream check. */
    public record StreamFigures(long streams, long sent, long received, long lost, long duplicated, long outOfOrder,
                                long unexpected) {
        public boolean clean() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0;
        }
    }
}
