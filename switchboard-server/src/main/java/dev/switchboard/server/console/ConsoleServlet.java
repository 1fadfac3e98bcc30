package dev.switchboard.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.StatusCodes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The console's static files, from the server's own resources: {@code GET /} is the page, {@code GET /console/NAME}
 * its modules and style sheet, {@code GET /console/cometd/NAME.js} the CometD JavaScript client vendored for the
 * examples page. Only plain names of the known kinds are served; any other path is a GWS 404, as before the console.
 * The files need no authentication (the page logs in by itself through GWS); {@code POST /console/logout} ends the
 * caller's HTTP session (with the session's CSRF token, as GWS asks of any cookie POST).
 */
final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String ROOT = "/dev/switchboard/server/console/";
    private static final String COMETD = "/dev/switchboard/server/examples/cometd/";
    private static final Pattern FILE = Pattern.compile("/console/((cometd/)?[A-Za-z0-9-]+\\.(html|js|css|svg))");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8", "svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String resource = null;
        if (path.equals("/") || path.equals("/index.html")) {
            resource = ROOT + "index.html";
        } else {
            Matcher file = FILE.matcher(path);
            if (file.matches()) {
                resource = file.group(2) != null ? COMETD + file.group(1).substring("cometd/".length()) : ROOT + file.group(1);
            }
        }
        InputStream in = resource == null ? null : ConsoleServlet.class.getResourceAsStream(resource);
        if (in == null) {
            ApiServlet.write(request, response, 404, ApiServlet.error(StatusCodes.NOT_FOUND, "Not found"));
            return;
        }
        try (InputStream stream = in) {
            byte[] bytes = stream.readAllBytes();
            response.setStatus(200);
            response.setContentType(TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)));
            // Always revalidated: a new server version's console is never mixed with an old module in the cache.
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals("/console/logout")) {
            ApiServlet.write(request, response, 404, ApiServlet.error(StatusCodes.NOT_FOUND, "Not found"));
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            Object expected = session.getAttribute(AuthFilter.SESSION_CSRF);
            String sent = request.getHeader(AuthFilter.CSRF_TOKEN_NAME);
            if (expected != null && (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    expected.toString().getBytes(StandardCharsets.UTF_8)))) {
                ApiServlet.write(request, response, 403, ApiServlet.error(StatusCodes.FORBIDDEN, "Missing or invalid Csrf token"));
                return;
            }
            session.invalidate();
        }
        ApiServlet.write(request, response, 200, Map.of("statusCode", 0));
    }
}
