package dev.switchboard.bench.full;

import java.util.List;
import java.util.Map;

import dev.switchboard.bench.stats.Percentiles;

/**
 * Everything a benchmark run measured, for the summary, the JSON file and the HTML report.
 *
 * @param settings     what was run (agents, supervisors, transport, …), in print order
 * @param latencies    Switchboard's latencies by name, in print order
 * @param baselines    the bare baselines that ran, by name ({@link BenchRun#BASELINE} always): POST → delivery, quiet and
 *                     under load, with and without one fdatasync
 * @param comparedWith for a latency, the name of the baseline its ratios are to; {@link BenchRun#BASELINE} when absent
 * @param comparedWithServerEcho for a durable latency, the name of this server's own echo (a baseline too) measured
 *                     beside it, which its second ratios are to
 * @param histograms   per latency name (baseline included as {@code baseline}), the {@link LogHistogram} counts
 * @param steps        the rate steps
 * @param saturation   a sentence on where the server saturated
 * @param samples      one per second: server heap and CPU, calls and notifications per second
 * @param streams      the stream check of Switchboard's notifications
 * @param baselineStreams the stream check of the baseline's messages
 * @param durability   the disk's own fdatasync, the journal's group commit and the agent-state burst
 */
public record BenchResult(Map<String, Object> settings, Map<String, Percentiles> latencies, Map<String, Percentiles> baselines,
                          Map<String, String> comparedWith, Map<String, String> comparedWithServerEcho, Map<String, long[]> histograms,
                          List<StepFigures> steps,
                          String saturation, List<Sample> samples, StreamFigures streams, StreamFigures baselineStreams,
                          Durability durability) {

    /**
     * The name of the baseline the ratios of {@code latency} are to: the one it is compared with when that one ran,
     * else the quiet baseline.
     */
    public String baselineNameFor(String latency) {
        String name = comparedWith.get(latency);
        Percentiles base = name == null ? null : baselines.get(name);
        return base != null && base.count() > 0 ? name : BenchRun.BASELINE;
    }

    /** The baseline the ratios of {@code latency} are to. */
    public Percentiles baselineFor(String latency) {
        return baselines.getOrDefault(baselineNameFor(latency), Percentiles.EMPTY);
    }

    /** This server's echo measured beside {@code latency}, or {@link Percentiles#EMPTY} when none was. */
    public Percentiles serverEchoFor(String latency) {
        String name = comparedWithServerEcho.get(latency);
        return name == null ? Percentiles.EMPTY : baselines.getOrDefault(name, Percentiles.EMPTY);
    }

    /** The name of the server's echo {@code latency} is compared with, or null. */
    public String serverEchoNameFor(String latency) {
        return comparedWithServerEcho.get(latency);
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

    /**
     * What durability cost in the run.
     *
     * @param disk            the disk's own write + fdatasync ({@code FsyncProbe}, in the server's data directory's
     *                        file system, before the server started); null when not measured
     * @param journal         the journal's records and batches (one fdatasync each) per phase of the run, from the
     *                        server's metrics
     * @param syncP50Nanos    the journal's batch write + fdatasync at the end of the run, since the server started
     * @param syncP99Nanos    the same, 99th percentile
     * @param burst           the agent-state burst; null when it did not run
     */
    public record Durability(DiskSync disk, List<JournalPhase> journal, long syncP50Nanos, long syncP99Nanos, Burst burst) {
        /** Nothing measured. */
        public static final Durability NONE = new Durability(null, List.of(), 0, 0, null);
    }

    /** The disk's own write + fdatasync of a small record, {@code count} times. */
    public record DiskSync(long p50Nanos, long p99Nanos, long maxNanos, int count) {
    }

    /** The journal during one phase of the run: records written and batches (each one fdatasync). */
    public record JournalPhase(String phase, long records, long batches) {
        /** How many records one fdatasync covered on average: how well the group commit shared them. */
        public double recordsPerSync() {
            return batches == 0 ? Double.NaN : (double) records / batches;
        }
    }

    /**
     * The agent-state burst: {@code desks} agents at once, each going NotReady then Ready as fast as its replies and
     * messages come, for {@code seconds}.
     *
     * @param operations agent-state requests acknowledged and delivered
     * @param latency    request → DeviceStateChangeMessage of each
     */
    public record Burst(int desks, double seconds, long operations, Percentiles latency) {
        public double operationsPerSecond() {
            return seconds <= 0 ? Double.NaN : operations / seconds;
        }
    }
}
