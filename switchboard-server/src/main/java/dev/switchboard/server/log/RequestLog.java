package dev.switchboard.server.log;

import java.io.IOException;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.User;
import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The access log ({@code access}: every request to the API namespaces, with method, route template or path, HTTP status,
 * latency, user and address) and the operation log ({@code gws}: every request that named an {@code operationName},
 * with user, operation, {@code statusCode} and latency). Never a header, a body, a password or a token. CometD's own
 * requests (every long poll) are logged at DEBUG only. Mapped before authentication, so refusals are logged too.
 */
public final class RequestLog extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger ACCESS = LoggerFactory.getLogger("switchboard.access");
    private static final Logger GWS = LoggerFactory.getLogger("switchboard.gws");
    private static final String NOTIFICATIONS = "/api/v2/notifications";
    /** The console's floor CometD endpoint (under /ext/v1): its polls are CometD's own requests too. */
    private static final String FLOOR_NOTIFICATIONS = "/ext/v1/floor/notifications";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            log(request, response, start);
        }
    }

    private static void log(HttpServletRequest request, HttpServletResponse response, long start) {
        boolean notifications = request.getRequestURI().startsWith(NOTIFICATIONS)
                || request.getRequestURI().startsWith(FLOOR_NOTIFICATIONS);
        if (notifications ? !ACCESS.isDebugEnabled() : !ACCESS.isInfoEnabled() && !GWS.isInfoEnabled()) {
            return;
        }
        String ms = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6);
        Object route = request.getAttribute(ApiServlet.ROUTE_ATTRIBUTE);
        String path = route == null ? request.getRequestURI() : request.getServletPath() + (route.toString().isEmpty() ? "" : "/" + route);
        String user = request.getAttribute(AuthFilter.USER_ATTRIBUTE) instanceof User known ? known.userName() : null;
        String line = "method=" + Kv.value(request.getMethod()) + " path=" + Kv.value(path) + " status=" + response.getStatus()
                + " ms=" + ms + " user=" + Kv.value(user) + " remote=" + Kv.value(request.getRemoteAddr());
        if (notifications) {
            ACCESS.debug("event=request {}", line);
            return;
        }
        ACCESS.info("event=request {}", line);
        Object operation = request.getAttribute(ApiServlet.OPERATION_ATTRIBUTE);
        if (operation != null) {
            GWS.info("event=operation user={} operation={} statusCode={} path={} status={} ms={}", Kv.value(user),
                    Kv.value(operation), Kv.value(request.getAttribute(ApiServlet.STATUS_CODE_ATTRIBUTE)), Kv.value(path),
                    response.getStatus(), ms);
        }
    }
}
