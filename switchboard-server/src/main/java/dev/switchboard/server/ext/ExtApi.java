package dev.switchboard.server.ext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.MonitoringView;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.Router.TextReply;
import dev.switchboard.server.http.StatusCodes;

/**
 * The Switchboard extensions under {@code /ext/v1} (docs/compatibility.md and §7), outside the GWS namespace:
 *
 * <ul>
 *   <li>{@code GET monitoring/audit} (administrators): the monitoring audit, oldest first, with
 *       {@code chainValid}, the result of verifying the whole stored chain. Optional {@code since} (a sequence number:
 *       only later entries) and {@code limit} (at most that many, the oldest of them) page through it; the chain is
 *       verified whole either way. Fields that are {@code null} in the record are left out; whoever recomputes a hash
 *       reads a missing field as the text {@code null}, as {@link AuditRecord#canonical()} does.</li>
 *   <li>{@code GET monitoring/subscriptions} (administrators): every switch's active monitoring subscriptions, oldest
 *       first, with who created them and when.</li>
 *   <li>{@code GET health}: {@code {"statusCode":0,"status":"UP"}} while the store answers, else statusCode 4 with
 *       HTTP 503. It needs no role, so it is meant to be exempt from authentication, like a load balancer's probe;
 *       it asks the store at most once per second however often it is called.</li>
 *   <li>{@code GET metrics} (administrators), when the API was given a scrape: the server's metrics in the Prometheus
 *       text format ({@code text/plain; version=0.0.4}), not a GWS body; a refusal is a GWS body as elsewhere.</li>
 *   <li>{@code GET notifications/sent} (administrators), when given a source: per notification stream, how many
 *       messages the server sent ({@code streams}: {@code user}, {@code channel}, {@code sent}), for the benchmark's
 *       stream check.</li>
 * </ul>
 */
public final class ExtApi {
    private static final Logger LOG = LoggerFactory.getLogger(ExtApi.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final ContactCenter contactCenter;
    private final MonitoringAudit audit;
    private final BooleanSupplier storeUp;
    private final Supplier<TextReply> metrics;
    private final long probeIntervalNanos;
    /** One probe at a time: callers that find one running take the last result instead of queueing on the pool. */
    private final ReentrantLock probing = new ReentrantLock();
    private volatile Probe lastProbe;
    private Supplier<List<Map<String, Object>>> sentCounts;

    private record Probe(boolean up, long atNanos) {
    }

    /**
     * An API over the contact center's switches and the audit.
     *
     * @param storeUp whether the store answers, for {@code health}; e.g. {@code JdbcMonitoringAudit::isReachable}
     */
    public ExtApi(ContactCenter contactCenter, MonitoringAudit audit, BooleanSupplier storeUp) {
        this(contactCenter, audit, storeUp, null, PROBE_INTERVAL);
    }

    /**
     * An API that also serves {@code metrics}.
     *
     * @param metrics the Prometheus scrape, called once per {@code GET metrics} by an administrator
     */
    public ExtApi(ContactCenter contactCenter, MonitoringAudit audit, BooleanSupplier storeUp, Supplier<TextReply> metrics) {
        this(contactCenter, audit, storeUp, Objects.requireNonNull(metrics, "metrics"), PROBE_INTERVAL);
    }

    /** As {@link #ExtApi(ContactCenter, MonitoringAudit, BooleanSupplier)}, asking the store at most once per {@code probeInterval}. */
    ExtApi(ContactCenter contactCenter, MonitoringAudit audit, BooleanSupplier storeUp, Duration probeInterval) {
        this(contactCenter, audit, storeUp, null, probeInterval);
    }

    private ExtApi(ContactCenter contactCenter, MonitoringAudit audit, BooleanSupplier storeUp, Supplier<TextReply> metrics,
                   Duration probeInterval) {
        this.contactCenter = Objects.requireNonNull(contactCenter, "contactCenter");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.storeUp = Objects.requireNonNull(storeUp, "storeUp");
        this.metrics = metrics;
        this.probeIntervalNanos = probeInterval.toNanos();
    }

    /** Serves {@code notifications/sent} from {@code source} (see {@link #registerAll}); returns this API. */
    public ExtApi sentCounts(Supplier<List<Map<String, Object>>> source) {
        this.sentCounts = Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * Adds the routes, relative to the namespace root: {@code monitoring/audit}, {@code monitoring/subscriptions},
     * {@code health}, with a scrape {@code metrics}, and with sent counts {@code notifications/sent}.
     */
    public void registerAll(Router router) {
        register(router);
        if (sentCounts != null) {
            router.get("notifications/sent", request -> {
                requireAdmin(request, "The notification counts are for administrators only");
                Map<String, Object> body = Json.object();
                body.put("streams", sentCounts.get());
                return body;
            });
        }
    }

    /**
     * Adds the routes, relative to the namespace root: {@code monitoring/audit}, {@code monitoring/subscriptions},
     * {@code health} and, with a scrape, {@code metrics}.
     */
    public void register(Router router) {
        router.get("monitoring/audit", this::getAudit)
                .get("monitoring/subscriptions", this::getSubscriptions)
                .get("health", this::getHealth);
        if (metrics != null) {
            router.getText("metrics", this::getMetrics);
        }
    }

    private TextReply getMetrics(ApiRequest request) {
        requireAdmin(request, "The metrics are for administrators only");
        return metrics.get();
    }

    private Map<String, Object> getAudit(ApiRequest request) {
        requireAdmin(request);
        long since = longParameter(request, "since", 0);
        long limit = longParameter(request, "limit", Long.MAX_VALUE);
        if (limit < 1) {
            throw GwsException.invalid("Parameter 'limit' must be at least 1");
        }
        List<AuditEntry> entries = audit.entries();
        // Verified separately: the adapter's verify() also catches entries deleted from the end, which the rows alone cannot.
        boolean chainValid = AuditEntry.chainValid(entries) && audit.verify();
        List<Map<String, Object>> json = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (entry.sequence() > since && json.size() < limit) {
                json.add(entryJson(entry));
            }
        }
        Map<String, Object> body = Json.object();
        body.put("entries", json);
        body.put("chainValid", chainValid);
        return body;
    }

    private Map<String, Object> entryJson(AuditEntry entry) {
        AuditRecord record = entry.record();
        Map<String, Object> json = Json.object();
        json.put("sequence", entry.sequence());
        json.put("at", record.at().toString());
        json.put("kind", record.kind());
        json.put("supervisorId", record.supervisorUserId());
        putIfPresent(json, "supervisorUserName", userName(record.supervisorUserId()));
        putIfPresent(json, "target", record.target());
        putIfPresent(json, "callId", record.callId());
        putIfPresent(json, "detail", record.detail());
        json.put("previousHash", entry.previousHash());
        json.put("hash", entry.hash());
        return json;
    }

    private Map<String, Object> getSubscriptions(ApiRequest request) {
        requireAdmin(request);
        List<Map.Entry<String, MonitoringView>> all = new ArrayList<>();
        for (Switch voiceSwitch : contactCenter.switches()) {
            all.addAll(voiceSwitch.subscriptions().entrySet());
        }
        all.sort(Comparator.comparing((Map.Entry<String, MonitoringView> e) -> e.getValue().created())
                .thenComparing(Map.Entry::getKey));
        List<Map<String, Object>> json = new ArrayList<>();
        for (Map.Entry<String, MonitoringView> subscription : all) {
            json.add(subscriptionJson(subscription.getKey(), subscription.getValue()));
        }
        Map<String, Object> body = Json.object();
        body.put("subscriptions", json);
        return body;
    }

    private Map<String, Object> subscriptionJson(String supervisorDeviceId, MonitoringView view) {
        Map<String, Object> json = Json.object();
        json.put("supervisorId", view.supervisorUserId());
        putIfPresent(json, "supervisorUserName", userName(view.supervisorUserId()));
        json.put("supervisorDeviceId", supervisorDeviceId);
        json.put("state", view.type().wireName());
        json.put("mode", view.mode().wireName());
        json.put("scope", view.scope().wireName());
        putIfPresent(json, "targetDeviceId", view.targetDeviceId());
        putIfPresent(json, "phoneNumber", view.targetNumber());
        putIfPresent(json, "switchName", view.switchName());
        putIfPresent(json, "createdAt", view.created() == null ? null : view.created().toString());
        return json;
    }

    private Map<String, Object> getHealth(ApiRequest request) {
        if (!storeIsUp()) {
            throw new GwsException(StatusCodes.INTERNAL_ERROR, "The store is not reachable", 503);
        }
        Map<String, Object> body = Json.object();
        body.put("status", "UP");
        return body;
    }

    private boolean storeIsUp() {
        Probe last = lastProbe;
        if (last != null && System.nanoTime() - last.atNanos() < probeIntervalNanos) {
            return last.up();
        }
        if (!probing.tryLock()) {
            return last == null || last.up();
        }
        try {
            boolean up;
            try {
                up = storeUp.getAsBoolean();
            } catch (RuntimeException failure) {
                LOG.warn("The store health probe failed", failure);
                up = false;
            }
            lastProbe = new Probe(up, System.nanoTime());
            return up;
        } finally {
            probing.unlock();
        }
    }

    private String userName(String userId) {
        return userId == null ? null : contactCenter.directory().userById(userId).map(User::userName).orElse(null);
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static long longParameter(ApiRequest request, String name, long absent) {
        String value = request.query(name).orElse(null);
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw GwsException.invalid("Parameter '" + name + "' must not be negative");
            }
            return parsed;
        } catch (NumberFormatException notANumber) {
            throw GwsException.invalid("Parameter '" + name + "' must be a whole number");
        }
    }

    private static void requireAdmin(ApiRequest request) {
        requireAdmin(request, "The monitoring extension API is for administrators only");
    }

    /** Refuses everyone but administrators, with {@code refusal} as the message. */
    static void requireAdmin(ApiRequest request, String refusal) {
        User user = request.user();
        if (user == null || !user.isAdmin()) {
            throw GwsException.notPermitted(refusal);
        }
    }
}
