package dev.switchboard.server.stats.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.server.stats.StatValue;
import dev.switchboard.server.stats.StatisticsService.Current;
import dev.switchboard.server.stats.StatisticsService.Statistic;

/**
 * The JSON shapes of the statistics API, in one place: a statistic as Genesys's Statistics API lists it
 * ({@code statisticId}, {@code name}, {@code objectId}, {@code objectType}, {@code timestamp}, {@code value}), the
 * {@code value} of each kind of statistic, and the {@code {"status": {"code": 0}, "data": …}} envelope.
 */
public final class StatisticsJson {
    private StatisticsJson() {
    }

    /** The envelope of a successful reply. */
    public static Map<String, Object> ok(Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", Map.of("code", 0));
        if (data != null) {
            body.put("data", data);
        }
        return body;
    }

    /** The envelope of a failure: {@code status.code} is the HTTP status, {@code status.message} says why. */
    public static Map<String, Object> error(int httpStatus, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", httpStatus);
        status.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        return body;
    }

    /**
     * A statistic's value as a subscription lists it; not {@code verbose}: only {@code statisticId}, {@code timestamp}
     * and {@code value}.
     */
    public static Map<String, Object> subscribed(Current current, boolean verbose) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statisticId", current.statistic().statisticId());
        if (verbose) {
            describe(json, current.statistic());
        }
        json.put("timestamp", current.at().toEpochMilli());
        json.put("value", value(current.value(), current.at()));
        return json;
    }

    /** A statistic's value without a subscription ({@code PeekedStatisticValue}). */
    public static Map<String, Object> peeked(Current current) {
        Map<String, Object> json = new LinkedHashMap<>();
        describe(json, current.statistic());
        json.put("timestamp", current.at().toEpochMilli());
        json.put("value", value(current.value(), current.at()));
        return json;
    }

    /** The data of a subscription: its id, the client's operation id, and its statistics. */
    public static Map<String, Object> subscription(String id, List<Current> values, boolean verbose) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", id);
        data.put("operationId", id);
        data.put("statistics", values.stream().map(current -> subscribed(current, verbose)).toList());
        return data;
    }

    private static void describe(Map<String, Object> json, Statistic statistic) {
        json.put("name", statistic.name().wireName());
        json.put("objectId", statistic.object().id());
        json.put("objectType", statistic.object().type().wireName());
        if (statistic.name().counted()) {
            json.put("interval", statistic.interval().wireName());
        }
    }

    /**
     * A value: every kind has {@code intValue}, its number (a count, seconds, a rounded percentage, seconds waited or
     * in state at {@code timestamp}); the others say more.
     */
    static Map<String, Object> value(StatValue value, Instant at) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (value instanceof StatValue.Count count) {
            json.put("intValue", count.count());
        } else if (value instanceof StatValue.Average average) {
            json.put("intValue", average.seconds());
            json.put("calls", average.count());
            json.put("totalSeconds", Math.round(average.totalMillis() / 1000.0));
        } else if (value instanceof StatValue.Percent percent) {
            json.put("intValue", Math.round(percent.percent()));
            json.put("doubleValue", Math.round(percent.percent() * 10) / 10.0);
            json.put("answeredWithinThreshold", percent.part());
            json.put("total", percent.total());
        } else if (value instanceof StatValue.Oldest oldest) {
            json.put("intValue", oldest.since() == null ? 0 : seconds(oldest.since(), at));
            json.put("since", oldest.since() == null ? null : oldest.since().toEpochMilli());
        } else if (value instanceof StatValue.AgentStatus status) {
            json.put("state", stateName(status.state()));
            json.put("reason", status.reason());
            json.put("since", status.since() == null ? null : status.since().toEpochMilli());
            json.put("intValue", status.since() == null ? 0 : seconds(status.since(), at));
            json.put("dn", status.dn());
        } else if (value instanceof StatValue.StateCounts counts) {
            int loggedIn = 0;
            for (AgentState state : AgentState.values()) {
                int count = counts.counts().getOrDefault(state, 0);
                json.put(stateName(state), count);
                loggedIn += state.isLoggedIn() ? count : 0;
            }
            json.put("intValue", loggedIn);
        }
        return json;
    }

    private static long seconds(Instant since, Instant at) {
        return Math.max(0, Duration.between(since, at).toSeconds());
    }

    /** An agent state as the statistics name it: {@code LoggedOut}, {@code NotReady}, {@code Ready}, … */
    static String stateName(AgentState state) {
        return switch (state) {
            case LOGGED_OUT -> "LoggedOut";
            case NOT_READY -> "NotReady";
            case READY -> "Ready";
            case AFTER_CALL_WORK -> "AfterCallWork";
            case AUX_WORK -> "AuxWork";
        };
    }
}
