package dev.switchboard.bench.full;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.bench.stats.LatencyRecorder;
import dev.switchboard.bench.stats.Percentiles;

/**
 * The run's latency series by name, in print order: a {@link LatencyRecorder} each, and a {@link LogHistogram} for
 * the few plotted in the report. Thread-safe: series are all created up front, and each recorder synchronizes.
 */
final class Recorders {
    private final Map<String, LatencyRecorder> recorders = new LinkedHashMap<>();
    private final Map<String, LogHistogram> histograms = new LinkedHashMap<>();

    /** @param names every series, in print order; {@code plotted}: those that also get a histogram */
    Recorders(Collection<String> names, Collection<String> plotted) {
        for (String name : names) {
            recorders.put(name, new LatencyRecorder());
        }
        for (String name : plotted) {
            histograms.put(name, new LogHistogram());
        }
    }

    void record(String name, long nanos) {
        LatencyRecorder recorder = recorders.get(name);
        if (recorder == null) {
            throw new IllegalArgumentException("No latency series named " + name);
        }
        recorder.record(nanos);
        LogHistogram histogram = histograms.get(name);
        if (histogram != null) {
            histogram.record(nanos);
        }
    }

    long count(String name) {
        return recorders.get(name).count();
    }

    Percentiles percentiles(String name) {
        return recorders.get(name).percentiles();
    }

    /** The names of every series, in print order. */
    Collection<String> names() {
        return recorders.keySet();
    }

    /** The histogram counts of the plotted series, by name. */
    Map<String, long[]> histogramCounts() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        histograms.forEach((name, histogram) -> counts.put(name, histogram.counts()));
        return counts;
    }
}
