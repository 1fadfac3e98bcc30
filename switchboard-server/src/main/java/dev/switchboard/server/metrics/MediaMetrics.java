package dev.switchboard.server.metrics;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.media.TickStats;
import dev.switchboard.phone.SipPhones;

/**
 * The phones' mixer and legs, read from {@link SipPhones} when scraped (nothing runs on a ticker thread).
 *
 * <ul>
 *   <li>{@code switchboard_media_tick_p50_seconds}, {@code _p99_seconds}, {@code _max_seconds},
 *       {@code switchboard_media_tick_cpu_p99_seconds}: the tickers' tick durations since start ({@link TickStats}).</li>
 *   <li>{@code switchboard_media_ticks_total} (ticks run by every ticker), {@code switchboard_media_ticks_late_total},
 *       {@code switchboard_media_ticks_skipped_total}, {@code switchboard_media_events_dropped_total}.</li>
 *   <li>{@code switchboard_media_ticks_below_total{limit}}: ticks of all tickers shorter than {@code limit} seconds,
 *       cumulative like a histogram's buckets ({@link #LIMITS_MICROS}; {@code limit="+Inf"} counts them all): the
 *       difference of two scrapes is the distribution of the ticks in between, so a benchmark step gets its own
 *       percentiles.</li>
 *   <li>{@code switchboard_media_legs}, {@code switchboard_media_rooms}, {@code switchboard_media_rtp_ports}: in use
 *       now ({@link SipPhones#usage()}).</li>
 *   <li>{@code switchboard_media_rtp_packets{direction="sent|received"}}: the packets of the legs carried now (a gauge:
 *       an ended leg's packets leave with it).</li>
 * </ul>
 */
final class MediaMetrics {
    /** The limits of {@code switchboard_media_ticks_below_total}, in µs (the mixer's period is 20 ms). */
    static final long[] LIMITS_MICROS = {250, 500, 1_000, 2_000, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000};
    /** A scrape reads each figure once: the tick statistics are merged once per this many nanoseconds at most. */
    private static final long FRESH_NANOS = 100_000_000L;

    private final SipPhones phones;
    private TickStats stats;
    private long[] below;
    private long readAt;

    private MediaMetrics(SipPhones phones) {
        this.phones = phones;
    }

    /** Registers the meters of {@code phones} in {@code registry}; the caller keeps the result referenced. */
    static MediaMetrics bind(MeterRegistry registry, SipPhones phones) {
        MediaMetrics media = new MediaMetrics(phones);
        media.gauge(registry, "switchboard.media.tick.p50.seconds", "Median tick duration since start", s -> s.p50Micros() / 1e6);
        media.gauge(registry, "switchboard.media.tick.p99.seconds", "99th percentile tick duration since start",
                s -> s.p99Micros() / 1e6);
        media.gauge(registry, "switchboard.media.tick.max.seconds", "Longest tick since start", s -> s.maxMicros() / 1e6);
        media.gauge(registry, "switchboard.media.tick.cpu.p99.seconds", "99th percentile CPU time of a tick since start",
                s -> s.cpuP99Micros() / 1e6);
        media.counter(registry, "switchboard.media.ticks", "Ticks run by every ticker", TickStats::ticks);
        media.counter(registry, "switchboard.media.ticks.late", "Ticks started more than 10 ms late, summed over tickers",
                TickStats::lateTicks);
        media.counter(registry, "switchboard.media.ticks.skipped", "Ticks skipped by a ticker more than 5 frames behind",
                TickStats::skippedTicks);
        media.counter(registry, "switchboard.media.events.dropped", "Media events dropped because the I/O thread fell behind",
                TickStats::eventsDropped);
        for (int i = 0; i <= LIMITS_MICROS.length; i++) {
            int index = i;
            String limit = i == LIMITS_MICROS.length ? "+Inf" : BigDecimal.valueOf(LIMITS_MICROS[i], 6).stripTrailingZeros()
                    .toPlainString();
            FunctionCounter.builder("switchboard.media.ticks.below", media, m -> m.below()[index]).tag("limit", limit)
                    .description("Ticks of all tickers shorter than limit seconds").register(registry);
        }
        Gauge.builder("switchboard.media.legs", phones, p -> p.usage().legs()).description("Legs the phones carry now")
                .strongReference(true).register(registry);
        Gauge.builder("switchboard.media.rooms", phones, p -> p.usage().rooms()).description("Mixer rooms open now")
                .strongReference(true).register(registry);
        Gauge.builder("switchboard.media.rtp.ports", phones, p -> p.usage().rtpPorts()).description("RTP ports in use now")
                .strongReference(true).register(registry);
        Gauge.builder("switchboard.media.rtp.packets", phones, p -> p.rtpPackets().sent()).tag("direction", "sent")
                .description("RTP packets of the legs carried now").strongReference(true).register(registry);
        Gauge.builder("switchboard.media.rtp.packets", phones, p -> p.rtpPackets().received()).tag("direction", "received")
                .description("RTP packets of the legs carried now").strongReference(true).register(registry);
        return media;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<TickStats> figure) {
        Gauge.builder(name, this, m -> figure.applyAsDouble(m.stats())).description(description).strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<TickStats> figure) {
        FunctionCounter.builder(name, this, m -> figure.applyAsDouble(m.stats())).description(description).register(registry);
    }

    private synchronized TickStats stats() {
        refresh();
        return stats;
    }

    private synchronized long[] below() {
        refresh();
        return below;
    }

    private void refresh() {
        long now = System.nanoTime();
        if (stats == null || now - readAt > FRESH_NANOS) {
            // The counts first: a tick recorded in between shows in the statistics, never the reverse.
            long[] limits = Arrays.copyOf(LIMITS_MICROS, LIMITS_MICROS.length + 1);
            limits[LIMITS_MICROS.length] = Long.MAX_VALUE / 1000;
            below = phones.tickCountsBelow(limits);
            stats = phones.tickStats();
            readAt = now;
        }
    }
}
