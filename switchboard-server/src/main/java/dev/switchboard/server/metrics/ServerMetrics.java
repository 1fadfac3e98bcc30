package dev.switchboard.server.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.EventHandOff;
import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.http.Router.TextReply;
import dev.switchboard.server.journal.Journal;

/**
 * The server's metrics, in one Prometheus registry, scraped at {@code GET /ext/v1/metrics} (docs/compatibility.md).
 *
 * <ul>
 *   <li>The JVM's, under Micrometer's usual names: {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*},
 *       {@code process_cpu_usage}, {@code system_cpu_*}, {@code process_uptime_seconds}.</li>
 *   <li>Each switch's ({@link SwitchMetrics}).</li>
 *   <li>Each event hand-off's, by {@code handoff} name: {@code switchboard_handoff_depth} (events waiting),
 *       {@code switchboard_handoff_delivered_total} (consumed), {@code switchboard_handoff_overflowed_total} (dropped
 *       because full; stays 0).</li>
 *   <li>{@code switchboard_cometd_sessions}: the authenticated CometD sessions.</li>
 *   <li>{@code switchboard_auth_password_checks_total} (passwords checked with bcrypt) and
 *       {@code switchboard_auth_logins_throttled_total} (login attempts the throttle refused without a check).</li>
 *   <li>{@code switchboard_http_server_requests_seconds} ({@link HttpMetrics}).</li>
 *   <li>With phones, the mixer's and the legs' {@code switchboard_media_*} ({@link MediaMetrics}).</li>
 *   <li>The durable state's journal: {@code switchboard_journal_*} ({@link JournalMetrics}).</li>
 * </ul>
 *
 * <p>Nothing here runs on a switch thread: switch metrics are fed by a hand-off, the others are read when scraped.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Referenced here: the function counters hold their object weakly. */
    private final List<MediaMetrics> media = new CopyOnWriteArrayList<>();

    /** A registry with the JVM's metrics bound. */
    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The metrics of one voice environment's switch: a consumer for a hand-off of its own. */
    public SwitchMetrics switchMetrics(VoiceEnvironment environment, Directory directory) {
        return new SwitchMetrics(registry, environment, directory);
    }

    /** Adds the meters of an event hand-off, tagged {@code handoff=name}; the caller keeps the hand-off referenced. */
    public void handOff(String name, EventHandOff handOff) {
        Gauge.builder("switchboard.handoff.depth", handOff, EventHandOff::depth).tag("handoff", name)
                .description("Events waiting in the hand-off").strongReference(true).register(registry);
        FunctionCounter.builder("switchboard.handoff.delivered", handOff, EventHandOff::delivered).tag("handoff", name)
                .description("Events the hand-off's consumer took").register(registry);
        FunctionCounter.builder("switchboard.handoff.overflowed", handOff, EventHandOff::overflowed).tag("handoff", name)
                .description("Events dropped because the hand-off was full (should stay 0)").register(registry);
    }

    /** Adds the gauge of authenticated CometD sessions. */
    public void cometdSessions(IntSupplier count) {
        Gauge.builder("switchboard.cometd.sessions", count, IntSupplier::getAsInt)
                .description("Authenticated CometD sessions").strongReference(true).register(registry);
    }

    /** Adds the meters of the phones' mixer and legs ({@link MediaMetrics}: {@code switchboard_media_*}). */
    public void phones(SipPhones phones) {
        media.add(MediaMetrics.bind(registry, phones));
    }

    /**
     * Adds the meters of the journal's group commit ({@link JournalMetrics}: records, batches, syncs, bytes, sync
     * latency); the caller keeps the journal open while the registry is scraped.
     */
    public void journal(Journal journal) {
        JournalMetrics.bind(registry, journal);
    }

    /** Adds the counters of password checks (bcrypt runs) and of logins the throttle refused; the caller keeps logins. */
    public void logins(Logins logins) {
        FunctionCounter.builder("switchboard.auth.password.checks", logins, Logins::passwordChecks)
                .description("Passwords checked with bcrypt").register(registry);
        FunctionCounter.builder("switchboard.auth.logins.throttled", logins, Logins::throttled)
                .description("Login attempts refused by the login throttle without checking the password").register(registry);
    }

    /** A filter timing the requests of these servlets. */
    public HttpMetrics httpMetrics(Set<String> servletNames) {
        return new HttpMetrics(registry, servletNames);
    }

    /** Everything, in the Prometheus text format. */
    public TextReply scrape() {
        return new TextReply(CONTENT_TYPE, registry.scrape(CONTENT_TYPE));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
