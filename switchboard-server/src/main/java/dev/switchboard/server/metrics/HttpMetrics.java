package dev.switchboard.server.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.switchboard.server.http.ApiServlet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Times the requests of the API servlets as {@code switchboard_http_server_requests_seconds} by {@code method},
 * {@code route} and {@code status}. Mapped before authentication, so refusals are counted and the time includes
 * checking credentials. The route is the template the servlet matched ({@code /api/v2/me/calls/{id}}, see
 * {@link ApiServlet#ROUTE_ATTRIBUTE}), never the raw path, so the number of series stays bounded; a request that
 * matched no route (refused before routing, unknown path, method not allowed) has the servlet's mapping
 * ({@code /api/v2/*}). Requests for other servlets (CometD, whose long polls would only blur the figures) pass
 * untimed.
 */
public final class HttpMetrics extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500)};

    private final transient MeterRegistry registry;
    private final Set<String> servletNames;
    private final transient Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private record Key(String method, String servletPath, Object route, int status) {
    }

    /**
     * A filter over the registry.
     *
     * @param servletNames the servlets whose requests are timed
     */
    public HttpMetrics(MeterRegistry registry, Set<String> servletNames) {
        this.registry = registry;
        this.servletNames = Set.copyOf(servletNames);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null || !servletNames.contains(mapping.getServletName())) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long elapsed = System.nanoTime() - start;
            String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
            Key key = new Key(method, request.getServletPath(), request.getAttribute(ApiServlet.ROUTE_ATTRIBUTE),
                    response.getStatus());
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, k -> register(k, mapping.getPattern()));
            }
            timer.record(elapsed, TimeUnit.NANOSECONDS);
        }
    }

    private Timer register(Key key, String pattern) {
        String route = key.route() == null ? pattern : key.servletPath() + "/" + key.route();
        return Timer.builder("switchboard.http.server.requests")
                .tag("method", key.method())
                .tag("route", route)
                .tag("status", Integer.toString(key.status()))
                .description("Requests to the API servlets, by method, route template and HTTP status")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
