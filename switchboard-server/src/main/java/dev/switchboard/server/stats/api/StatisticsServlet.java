package dev.switchboard.server.stats.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.core.directory.User;
import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.stats.Interval;
import dev.switchboard.server.stats.ObjectType;
import dev.switchboard.server.stats.StatName;
import dev.switchboard.server.stats.StatObject;
import dev.switchboard.server.stats.StatisticsAccess;
import dev.switchboard.server.stats.StatisticsService;
import dev.switchboard.server.stats.StatisticsService.Current;
import dev.switchboard.server.stats.StatisticsService.Statistic;
import dev.switchboard.server.stats.StatisticsService.Subscription;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST half of Genesys's Statistics API v3 under {@code /statistics/v3} (after {@link AuthFilter}):
 * <ul>
 *   <li>{@code POST /subscriptions?verbose=INFO|OFF} with {@code {"operationId", "data": {"statistics": [{statisticId,
 *       objectId, objectType, name, interval?}]}}}: opens a subscription whose id is the operation id and returns the
 *       values now;</li>
 *   <li>{@code DELETE /subscriptions/{id}};</li>
 *   <li>{@code GET /subscriptions/{id}/statistic-values?statisticIds=a,b&verbose=…}: the values now (peek);</li>
 *   <li>{@code GET /statistic-values/{name}?objectId=&objectType=&interval=}: one value without a subscription;</li>
 *   <li>{@code POST /operations/get-statistic-ex} with {@code {"data": {"statistics": [{objectId, objectType, name}]}}}:
 *       several.</li>
 * </ul>
 * Every statistic is checked: a known predefined name for its object type (400), an object that exists (400), one the
 * user may see (403, {@link StatisticsAccess}).
 */
public final class StatisticsServlet extends HttpServlet {
    /** The largest request body: a subscription for a whole floor's agents. */
    public static final int MAX_BODY = 4 * 1024 * 1024;
    /** The most statistics one request may name. */
    public static final int MAX_STATISTICS = 20_000;

    private static final long serialVersionUID = 1L;

    private final transient StatisticsService service;
    private final transient StatisticsAccess access;

    /** A request that cannot be served: its HTTP status and why. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    public StatisticsServlet(StatisticsService service, StatisticsAccess access) {
        this.service = service;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        User user = (User) request.getAttribute(AuthFilter.USER_ATTRIBUTE);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String method = request.getMethod();
        try {
            Map<String, Object> body = route(method, parts, request, user);
            ApiServlet.write(request, response, 200, body);
        } catch (Refused refused) {
            // The Statistics API's own error shape; the bytes go out like every other JSON reply.
            ApiServlet.write(request, response, refused.status, StatisticsJson.error(refused.status, refused.getMessage()));
        }
    }

    private Map<String, Object> route(String method, String[] parts, HttpServletRequest request, User user) throws IOException {
        if (parts.length == 1 && parts[0].equals("subscriptions")) {
            require(method, "POST");
            return subscribe(request, user);
        }
        if (parts.length == 2 && parts[0].equals("subscriptions")) {
            require(method, "DELETE");
            if (!service.unsubscribe(user.id(), parts[1])) {
                throw new Refused(404, "No subscription " + parts[1]);
            }
            return StatisticsJson.ok(null);
        }
        if (parts.length == 3 && parts[0].equals("subscriptions") && parts[2].equals("statistic-values")) {
            require(method, "GET");
            List<Current> values = service.peek(user.id(), parts[1], statisticIds(request))
                    .orElseThrow(() -> new Refused(404, "No subscription " + parts[1]));
            return StatisticsJson.ok(StatisticsJson.subscription(parts[1], values, verbose(request)));
        }
        if (parts.length == 2 && parts[0].equals("statistic-values")) {
            require(method, "GET");
            Statistic statistic = statistic(null, request.getParameter("objectId"), request.getParameter("objectType"), parts[1],
                    request.getParameter("interval"), user);
            return StatisticsJson.ok(Map.of("statistic", StatisticsJson.peeked(service.value(statistic))));
        }
        if (parts.length == 2 && parts[0].equals("operations") && parts[1].equals("get-statistic-ex")) {
            require(method, "POST");
            List<Map<String, Object>> values = new ArrayList<>();
            for (JsonNode descriptor : descriptors(body(request))) {
                values.add(StatisticsJson.peeked(service.value(statistic(null, descriptor, user))));
            }
            return StatisticsJson.ok(Map.of("statistics", values));
        }
        throw new Refused(404, "No such resource: /statistics/v3/" + String.join("/", parts));
    }

    private Map<String, Object> subscribe(HttpServletRequest request, User user) throws IOException {
        JsonNode body = body(request);
        String id = body.path("operationId").isTextual() && !body.path("operationId").asText().isBlank()
                ? body.path("operationId").asText() : UUID.randomUUID().toString();
        if (id.length() > 200 || id.contains("/")) {
            throw new Refused(400, "operationId must be at most 200 characters, without '/'");
        }
        List<Statistic> statistics = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode descriptor : descriptors(body)) {
            String statisticId = descriptor.path("statisticId").asText("");
            if (statisticId.isBlank()) {
                throw new Refused(400, "Each statistic needs a statisticId");
            }
            if (!ids.add(statisticId)) {
                throw new Refused(400, "Duplicate statisticId " + statisticId);
            }
            statistics.add(statistic(statisticId, descriptor, user));
        }
        try {
            List<Current> values = service.subscribe(new Subscription(id, user.id(), statistics));
            return StatisticsJson.ok(StatisticsJson.subscription(id, values, verbose(request)));
        } catch (StatisticsService.Conflict conflict) {
            throw new Refused(409, conflict.getMessage());
        }
    }

    private static List<JsonNode> descriptors(JsonNode body) {
        JsonNode statistics = body.path("data").path("statistics");
        if (!statistics.isArray()) {
            throw new Refused(400, "data.statistics must be an array of statistics");
        }
        if (statistics.size() > MAX_STATISTICS) {
            throw new Refused(400, "At most " + MAX_STATISTICS + " statistics per request");
        }
        List<JsonNode> list = new ArrayList<>();
        statistics.forEach(list::add);
        return list;
    }

    private Statistic statistic(String statisticId, JsonNode descriptor, User user) {
        if (!descriptor.isObject()) {
            throw new Refused(400, "Each statistic must be an object");
        }
        JsonNode definition = descriptor.path("definition");
        String name = text(descriptor, "name").orElse(text(definition, "name").orElse(null));
        if (name == null) {
            throw new Refused(400, "Each statistic needs the name of a predefined statistic; definitions are not supported");
        }
        String interval = text(descriptor, "interval").orElse(text(definition, "interval").orElse(null));
        return statistic(statisticId, text(descriptor, "objectId").orElse(null), text(descriptor, "objectType").orElse(null), name,
                interval, user);
    }

    private Statistic statistic(String statisticId, String objectId, String objectType, String name, String interval, User user) {
        if (objectId == null || objectType == null) {
            throw new Refused(400, "objectId and objectType are required");
        }
        ObjectType type = ObjectType.fromWireName(objectType);
        if (type == null) {
            throw new Refused(400, "Unknown objectType '" + objectType + "': Agent, AgentGroup, Queue or RoutePoint");
        }
        StatName statName = StatName.fromWireName(name);
        if (statName == null) {
            throw new Refused(400, "Unknown statistic '" + name + "'");
        }
        if (!statName.appliesTo(type)) {
            throw new Refused(400, name + " does not apply to " + objectType);
        }
        StatObject object = new StatObject(type, objectId);
        if (!service.exists(object)) {
            throw new Refused(400, "No " + objectType + " " + objectId);
        }
        if (!access.maySee(user, object)) {
            throw new Refused(403, "Not allowed to see the statistics of " + objectType + " " + objectId);
        }
        Interval parsed;
        try {
            parsed = interval == null ? Interval.TODAY : Interval.parse(interval);
        } catch (IllegalArgumentException bad) {
            throw new Refused(400, bad.getMessage());
        }
        return new Statistic(statisticId, object, statName, statName.counted() ? parsed : Interval.TODAY);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Refused(413, "The body is larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode body = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                throw new Refused(400, "The body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException bad) {
            throw new Refused(400, "The body is not JSON: " + bad.getOriginalMessage());
        }
    }

    /** {@code statisticIds}, repeated or comma-separated ({@code statisticIds[]} too). */
    private static Set<String> statisticIds(HttpServletRequest request) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : List.of("statisticIds", "statisticIds[]")) {
            String[] values = request.getParameterValues(name);
            if (values != null) {
                for (String value : values) {
                    for (String id : value.split(",")) {
                        if (!id.isBlank()) {
                            ids.add(id.trim());
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** {@code verbose=OFF} (or {@code false}) lists values only; anything else ({@code INFO}, the default) describes them. */
    private static boolean verbose(HttpServletRequest request) {
        String verbose = request.getParameter("verbose");
        return verbose == null || !(verbose.equalsIgnoreCase("OFF") || verbose.equalsIgnoreCase("false"));
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new Refused(405, "Method " + method + " is not supported here; use " + expected);
        }
    }
}
