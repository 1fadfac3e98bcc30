package dev.switchboard.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a method and a path below the API root ({@code me/devices/{id}}) to a handler. Templates are split on
 * {@code /}; a {@code {name}} segment matches any one segment and is passed to the handler by name.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** What a route does with a request. */
    @FunctionalInterface
    public interface Handler {
        /** The body of a 200 reply, without {@code statusCode} (added by the servlet); or throws {@link GwsException}. */
        Map<String, Object> handle(ApiRequest request);
    }

    public Router get(String template, Handler handler) {
        routes.add(new Route("GET", template.split("/"), handler));
        return this;
    }

    public Router post(String template, Handler handler) {
        routes.add(new Route("POST", template.split("/"), handler));
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
                    return new Match(route.handler, parameters);
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

    /** A matched route with its path parameters. */
    public record Match(Handler handler, Map<String, String> parameters) {
    }

    private record Route(String method, String[] template, Handler handler) {
        Map<String, String> match(String[] segments) {
            if (segments.length != template.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < template.length; i++) {
                String part = template[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(part.substring(1, part.length() - 1), segments[i]);
                } else if (!part.equals(segments[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
