package dev.switchboard.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /examples/…}: the CometD example page and the CometD JavaScript client it loads, and the page that listens
 * and talks in the browser ({@code listen.html}) with the module it loads ({@code browser-audio.js}), from the server's
 * own resources. Only plain names of the known kinds are served; anything else is a GWS 404. No authentication: the page
 * logs in itself.
 */
public final class ExamplesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String ROOT = "/dev/switchboard/server/examples/";
    private static final Pattern NAME = Pattern.compile("(cometd/)?[A-Za-z0-9]+\\.(html|js)");
    /** Files of other pages that the examples load too, by the name they are served under here. */
    private static final Map<String, String> BORROWED = Map.of("browser-audio.js", "/dev/switchboard/server/console/browser-audio.js");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null || request.getPathInfo().equals("/") ? "cometd.html"
                : request.getPathInfo().substring(1);
        InputStream resource = BORROWED.containsKey(path) ? ExamplesServlet.class.getResourceAsStream(BORROWED.get(path))
                : NAME.matcher(path).matches() ? ExamplesServlet.class.getResourceAsStream(ROOT + path) : null;
        if (resource == null) {
            ApiServlet.write(request, response, 404, ApiServlet.error(StatusCodes.NOT_FOUND, "Not found"));
            return;
        }
        try (InputStream in = resource) {
            byte[] bytes = in.readAllBytes();
            response.setStatus(200);
            response.setContentType(TYPES.get(path.substring(path.lastIndexOf('.') + 1)));
            response.setHeader("Cache-Control", "no-cache");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
