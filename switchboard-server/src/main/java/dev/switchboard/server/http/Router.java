package dev.switchboard.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a method and a path below the API root ({@code me/devices/{id}}) to a handler. Templates are split on
 * {@code /}; a {@code {name}} segment matches any one segment and is passed to the handler by name. A route replies
 * with a GWS JSON body ({@link Handler}), or, for the few that are not GWS resources, with text ({@link TextHandler});
 * either way its failures are {@link GwsException}s that the servlet turns into GWS bodies.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** What a route does with a request. */
    @FunctionalInterface
    public interface Handler {
        /** The body of a 200 reply, without {@code statusCode} (added by the servlet); or throws {@link GwsException}. */
        Map<String, Object> handle(ApiRequest request);
    }

    /** What a route that does not answer JSON does with a request (the Prometheus scrape of {@code /ext/v1/metrics}). */
    @FunctionalInterface
    public interface TextHandler {
        /** The body of a 200 reply; or throws {@link GwsException}, which becomes a GWS JSON error as for any route. */
        TextReply handle(ApiRequest request);
    }

    /** A 200 reply that is not a GWS body. */
    public record TextReply(String contentType, String body) {
    }

    public Router get(String template, Handler handler) {
        routes.add(new Route("GET", template, handler, null));
        return this;
    }

    /** A GET route whose reply is text, not a GWS body. */
    public Router getText(String template, TextHandler handler) {
        routes.add(new Route("GET", template, null, handler));
        return this;
    }

    public Router post(String template, Handler handler) {
        routes.add(new Route("POST", template, handler, null));
        return this;
    }

    /** The match for a request, or a GWS failure: 404 (statusCode 6) for no path, 405 for another method. */
    public Match match(String method, String path) {
        String[] segments = path.isEmpty() ? new String[] {""} : path.split("/", -1);
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.match(segments);
            if (parameters != null) {
                allowed.add(route.method);
                if (route.method.equals(method) || route.method.equals("GET") && method.equals("HEAD")) {
                    return new Match(route.handler, parameters, route.template, route.textHandler);
                }
            }
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(method, String.join(", ", allowed));
        }
        throw GwsException.notFound("No such resource: /" + path);
    }

    /** 405, with the methods the path does allow (for the {@code Allow} header). */
    public static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String allow;

        MethodNotAllowed(String method, String allow) {
            super("Method " + method + " is not supported here", null, false, false);
            this.allow = allow;
        }

        public String allow() {
            return allow;
        }
    }

    /**
     * A matched route with its path parameters.
     *
     * @param handler     the JSON handler, or {@code null} for a text route
     * @param template    the route's template as registered ({@code me/calls/{id}}): a label of bounded cardinality
     * @param textHandler the text handler, or {@code null} for a JSON route
     */
    public record Match(Handler handler, Map<String, String> parameters, String template, TextHandler textHandler) {
    }

    private record Route(String method, String template, String[] segments, Handler handler, TextHandler textHandler) {
        Route(String method, String template, Handler handler, TextHandler textHandler) {
            this(method, template, template.split("/"), handler, textHandler);
        }

        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String part = segments[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(part.substring(1, part.length() - 1), path[i]);
                } else if (!part.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
